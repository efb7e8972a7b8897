//! `imports`: every file received, with its outcome and every problem found in it.

use crate::access::Role;
use crate::report::ImportStatus;
use sea_orm::entity::prelude::*;

/// One received file.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The file's own name, without any folder.
    pub file_name: String,
    /// The path it was read from, as given to `thads import`; none for a file received over
    /// the network. Shown to administrators only.
    pub path: Option<String>,
    /// Its size in bytes.
    pub file_size: i64,
    /// Its SHA-256, in hex.
    pub sha256: String,
    /// When it was received.
    pub received_at: DateTimeUtc,
    /// Who sent it.
    pub source: String,
    /// What the import did with it.
    pub status: ImportStatus,
    /// The reporting unit, when it was recognised.
    pub unit_id: Option<i32>,
    /// The enforcement year of the period, when it was read.
    pub year: Option<i32>,
    /// The months of the period, when it was read.
    pub months: Option<i32>,
    /// Every problem found, as a JSON array of [`crate::Problem`].
    pub problems: String,
    /// How many of the problems are errors.
    pub error_count: i32,
    /// How many of the problems are warnings.
    pub warning_count: i32,
    /// The token that sent it; none for files imported from the command line. Not a foreign
    /// key: tokens are revoked, never deleted, and the record stands on its own.
    pub token_id: Option<i32>,
    /// That token's name when the file arrived.
    pub token_name: Option<String>,
    /// That token's role when the file arrived.
    pub token_role: Option<Role>,
}

/// Links of an import.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The reporting unit.
    #[sea_orm(
        belongs_to = "super::units::Entity",
        from = "Column::UnitId",
        to = "super::units::Column::Id",
        on_delete = "Restrict"
    )]
    Unit,
    /// The reports stored from this file.
    #[sea_orm(has_many = "super::reports::Entity")]
    Reports,
}

impl Related<super::units::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl Related<super::reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
