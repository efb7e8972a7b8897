//! `targets`: the yearly target rate of a unit for one measure.

use crate::form::Form;
use sea_orm::entity::prelude::*;

/// One target; unique per year, unit and measure.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "targets")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The enforcement year.
    pub year: i32,
    /// The unit it is set for; its descendants inherit it.
    pub unit_id: i32,
    /// Cases or money.
    pub measure: Form,
    /// The target rate in percent, 0–100.
    pub rate: f64,
}

/// Links of a target.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The unit it is set for.
    #[sea_orm(
        belongs_to = "super::units::Entity",
        from = "Column::UnitId",
        to = "super::units::Column::Id",
        on_delete = "Cascade"
    )]
    Unit,
}

impl Related<super::units::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
