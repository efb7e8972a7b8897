//! The monthly deadline of a unit: the day of the month after a period by which the offices
//! below it must have sent their reports of it. Set on a province (or the nation, for every
//! province without its own); offices take their nearest ancestor's ([`UnitTree::due_day`]).
//!
//! [`UnitTree::due_day`]: super::UnitTree::due_day

use crate::entities::units;
use crate::error::DomainError;
use crate::services::write;
use crate::text::refuse_control;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::ops::RangeInclusive;

/// The days a deadline may fall on: every month has them.
pub const DUE_DAYS: RangeInclusive<u8> = 1..=28;

/// Sets (or, with `None`, removes) a unit's own due day. A day outside [`DUE_DAYS`] is
/// [`DomainError::Invalid`], an unknown unit [`DomainError::UnknownUnit`]; then nothing is
/// written. Returns whether the day changed.
pub async fn set_due_day<C>(db: &C, unit: &str, day: Option<i64>) -> Result<bool, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    refuse_control("unit", unit).map_err(DomainError::Invalid)?;
    let code = unit.trim();
    let day = day
        .map(|d| {
            u8::try_from(d)
                .ok()
                .filter(|d| DUE_DAYS.contains(d))
                .ok_or_else(|| {
                    DomainError::Invalid(format!(
                        "the due day must be a day of the month from {} to {}, found {d}",
                        DUE_DAYS.start(),
                        DUE_DAYS.end()
                    ))
                })
        })
        .transpose()?;
    let txn = write::begin(db).await?;
    let found = units::Entity::find()
        .filter(units::Column::Code.eq(code))
        .one(&txn)
        .await?
        .ok_or_else(|| DomainError::UnknownUnit(code.to_owned()))?;
    let day = day.map(i32::from);
    if found.due_day == day {
        return Ok(false);
    }
    let update = units::ActiveModel {
        id: Set(found.id),
        due_day: Set(day),
        ..Default::default()
    };
    units::Entity::update(update).exec(&txn).await?;
    txn.commit().await?;
    Ok(true)
}
