//! `units`: the nation, provinces and the offices that report, as a tree.

use crate::units::UnitLevel;
use sea_orm::entity::prelude::*;

/// One unit of the registry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable code, e.g. `LA-KIENTUONG`; unique.
    #[sea_orm(unique)]
    pub code: String,
    /// Official name.
    pub name: String,
    /// Nation, province or office.
    pub level: UnitLevel,
    /// The parent unit; `None` at the top.
    pub parent_id: Option<i32>,
    /// First day the unit exists, when it did not always.
    pub valid_from: Option<Date>,
    /// Last day the unit exists, when it was merged or closed.
    pub valid_to: Option<Date>,
    /// The unit that takes over the day after `valid_to`, when one does.
    pub successor_id: Option<i32>,
    /// The day of the month after a period by which the offices below must have sent their
    /// reports of it (1–28); `None`: the nearest ancestor's applies.
    pub due_day: Option<i32>,
}

/// Links of a unit.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The parent unit.
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_delete = "Restrict"
    )]
    Parent,
    /// Other spellings of the name.
    #[sea_orm(has_many = "super::unit_aliases::Entity")]
    Aliases,
    /// The unit's reports (offices only).
    #[sea_orm(has_many = "super::reports::Entity")]
    Reports,
    /// The unit's own targets.
    #[sea_orm(has_many = "super::targets::Entity")]
    Targets,
    /// Imports of files sent by or for the unit.
    #[sea_orm(has_many = "super::imports::Entity")]
    Imports,
}

impl Related<super::unit_aliases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Aliases.def()
    }
}

impl Related<super::reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reports.def()
    }
}

impl Related<super::targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Targets.def()
    }
}

impl Related<super::imports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Imports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
