//! `tokens`: the API tokens, with a hash of each secret (never the secret).

use crate::access::Role;
use sea_orm::entity::prelude::*;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tokens")]
pub struct Model {
    /// Surrogate key; the id shown by `thads tokens list`.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Its holder, e.g. "Tân Trụ clerk".
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The office an `office` token is bound to.
    pub unit_id: Option<i32>,
    /// SHA-256 of the secret, in hex.
    pub secret_hash: String,
    /// When it was created.
    pub created_at: DateTimeUtc,
    /// When it was last presented (updated at most once a minute).
    pub last_used_at: Option<DateTimeUtc>,
    /// When it was revoked; a revoked token is refused.
    pub revoked_at: Option<DateTimeUtc>,
}

/// Links of a token.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The office it is bound to.
    #[sea_orm(
        belongs_to = "super::units::Entity",
        from = "Column::UnitId",
        to = "super::units::Column::Id",
        on_delete = "Restrict"
    )]
    Unit,
}

impl Related<super::units::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
