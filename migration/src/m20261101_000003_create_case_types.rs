//! The tree of case types: groups and the leaves that data is stored for.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `case_types`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `case_types`.
#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum CaseTypes {
    Table,
    Id,
    Code,
    Name,
    ParentId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseTypes::Table)
                    .if_not_exists()
                    .col(pk_auto(CaseTypes::Id))
                    .col(string_uniq(CaseTypes::Code))
                    .col(text(CaseTypes::Name))
                    .col(integer_null(CaseTypes::ParentId))
                    // Order among siblings, as on the forms.
                    .col(integer(CaseTypes::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_types_parent")
                            .from(CaseTypes::Table, CaseTypes::ParentId)
                            .to(CaseTypes::Table, CaseTypes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseTypes::Table).to_owned())
            .await
    }
}
