//! `data_revision`: one row holding the revision of the data, which triggers increase with
//! every write of what answers are computed from (the migration that creates the table says
//! which tables and how). Only the triggers write it; the code reads it
//! ([`crate::services::revision`]).

use sea_orm::entity::prelude::*;

/// The id of the one row, as the migration inserts it.
pub const ROW: i32 = 1;

/// The one row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_revision")]
pub struct Model {
    /// Always [`ROW`].
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The revision: 0 after the migration, 1 more after every transaction that wrote.
    pub revision: i64,
}

/// No links.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
