//! `case_types`: the tree of case types; data is stored for the leaves.

use sea_orm::entity::prelude::*;

/// One case type, a group or a leaf.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_types")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable code, e.g. `active` or `active.civil`; unique.
    #[sea_orm(unique)]
    pub code: String,
    /// The name on the forms, e.g. "Dân sự".
    pub name: String,
    /// The group; `None` for a group (the total is not a row).
    pub parent_id: Option<i32>,
    /// Order among siblings, from 1, as on the forms.
    pub position: i32,
}

/// Links of a case type.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The group a leaf belongs to.
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_delete = "Restrict"
    )]
    Parent,
    /// The stored rows of this case type.
    #[sea_orm(has_many = "super::report_rows::Entity")]
    Rows,
}

impl Related<super::report_rows::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Rows.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
