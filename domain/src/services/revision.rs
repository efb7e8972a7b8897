//! The revision of the data: one number that every write of what answers are computed from
//! increases, in the same transaction as the write (database triggers keep it, so that no
//! writer can forget it). The API's response cache keys its answers by it, one cheap read per
//! request, so that a write from anywhere makes every cached answer obsolete at once.

use crate::entities::data_revision;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// The revision of the data now: one indexed read of one row.
pub async fn revision(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    data_revision::Entity::find_by_id(data_revision::ROW)
        .one(db)
        .await?
        .map(|row| row.revision)
        .ok_or_else(|| DbErr::RecordNotFound("the row of data_revision".to_owned()))
}
