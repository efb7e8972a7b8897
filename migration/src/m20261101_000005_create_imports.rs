//! Every file received, as received, with its outcome and every problem found in it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000001_create_units::Units;

/// Creates `imports`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `imports`.
#[derive(DeriveIden)]
pub(crate) enum Imports {
    Table,
    Id,
    FileName,
    FileSize,
    Sha256,
    ReceivedAt,
    Source,
    Status,
    UnitId,
    Year,
    Months,
    Problems,
    ErrorCount,
    WarningCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Imports::Table)
                    .if_not_exists()
                    .col(pk_auto(Imports::Id))
                    .col(text(Imports::FileName))
                    .col(big_integer(Imports::FileSize))
                    .col(string(Imports::Sha256))
                    .col(timestamp_with_time_zone(Imports::ReceivedAt))
                    // Who sent it: a user, an office's token, the command line.
                    .col(text(Imports::Source))
                    // imported | replaced | unchanged | rejected
                    .col(string(Imports::Status))
                    .col(integer_null(Imports::UnitId))
                    .col(integer_null(Imports::Year))
                    .col(integer_null(Imports::Months))
                    // A JSON array of problems, each with its place.
                    .col(text(Imports::Problems))
                    .col(integer(Imports::ErrorCount))
                    .col(integer(Imports::WarningCount))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_imports_unit")
                            .from(Imports::Table, Imports::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_imports_sha256")
                    .table(Imports::Table)
                    .col(Imports::Sha256)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Imports::Table).to_owned())
            .await
    }
}
