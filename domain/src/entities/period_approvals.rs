//! `period_approvals`: every approval and reopening of a unit's period, never changed once
//! written.

use crate::approval::ApprovalAction;
use sea_orm::entity::prelude::*;

/// One approval or reopening.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "period_approvals")]
pub struct Model {
    /// Surrogate key; later actions have larger ids.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unit whose period it is (any level: its offices are locked).
    pub unit_id: i32,
    /// The enforcement year.
    pub year: i32,
    /// Months since 1 October, 1..=12.
    pub months: i32,
    /// Approved or reopened.
    pub action: ApprovalAction,
    /// Who: a token's name, or `cli:USER`.
    pub done_by: String,
    /// When.
    pub done_at: DateTimeUtc,
    /// Why it was reopened; none for an approval.
    pub reason: Option<String>,
}

/// Links of an approval.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The unit.
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
