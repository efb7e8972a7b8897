//! `reports`: one office, one period, one form, from one import; one current per office,
//! period and form, the earlier ones kept as history.

use crate::form::Form;
use sea_orm::entity::prelude::*;

/// One stored report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The import it came from.
    pub import_id: i32,
    /// The reporting office.
    pub unit_id: i32,
    /// The enforcement year.
    pub year: i32,
    /// Months since 1 October, 1..=12.
    pub months: i32,
    /// Cases or money.
    pub form: Form,
    /// [`crate::CheckedReport::content_hash`] of its values.
    pub content_hash: String,
    /// Whether this is the report that counts; `false` once replaced.
    pub is_current: bool,
    /// When it was stored.
    pub created_at: DateTimeUtc,
    /// When a newer report replaced it.
    pub superseded_at: Option<DateTimeUtc>,
}

/// Links of a report.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The import it came from.
    #[sea_orm(
        belongs_to = "super::imports::Entity",
        from = "Column::ImportId",
        to = "super::imports::Column::Id",
        on_delete = "Restrict"
    )]
    Import,
    /// The reporting office.
    #[sea_orm(
        belongs_to = "super::units::Entity",
        from = "Column::UnitId",
        to = "super::units::Column::Id",
        on_delete = "Restrict"
    )]
    Unit,
    /// Its rows, one per leaf case type.
    #[sea_orm(has_many = "super::report_rows::Entity")]
    Rows,
}

impl Related<super::imports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Import.def()
    }
}

impl Related<super::units::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl Related<super::report_rows::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Rows.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
