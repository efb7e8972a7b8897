//! `unit_aliases`: other spellings of a unit's name and the key they are matched by.

use sea_orm::entity::prelude::*;

/// One other spelling of a unit's name.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_aliases")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unit it names.
    pub unit_id: i32,
    /// The spelling, as written in `units.csv`.
    pub alias: String,
    /// Its normalised key (`names::unit_keys(alias).full`).
    pub key: String,
}

/// Links of an alias.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The unit it names.
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
