//! The unit registry: the nation, provinces and the offices that report, as a tree.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `units`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `units`.
#[derive(DeriveIden)]
pub(crate) enum Units {
    Table,
    Id,
    Code,
    Name,
    Level,
    ParentId,
    ValidFrom,
    ValidTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .if_not_exists()
                    .col(pk_auto(Units::Id))
                    .col(string_uniq(Units::Code))
                    .col(text(Units::Name))
                    // nation | province | office
                    .col(string(Units::Level))
                    .col(integer_null(Units::ParentId))
                    // Room for the 2025 mergers: a unit may exist for a time only.
                    .col(date_null(Units::ValidFrom))
                    .col(date_null(Units::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_units_parent")
                            .from(Units::Table, Units::ParentId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_units_parent")
                    .table(Units::Table)
                    .col(Units::ParentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Units::Table).to_owned())
            .await
    }
}
