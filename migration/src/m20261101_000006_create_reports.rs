//! Reports: one office, one period, one form, from one import. At most one of each office,
//! period and form is current; the earlier ones stay as history.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000001_create_units::Units;
use crate::m20261101_000005_create_imports::Imports;

/// Creates `reports`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `reports`.
#[derive(DeriveIden)]
pub(crate) enum Reports {
    Table,
    Id,
    ImportId,
    UnitId,
    Year,
    Months,
    Form,
    ContentHash,
    IsCurrent,
    CreatedAt,
    SupersededAt,
}

/// One current report per office, period and form. A partial index, which the schema builder
/// cannot express; SQLite and PostgreSQL accept the same statement.
const ONE_CURRENT: &str = "CREATE UNIQUE INDEX IF NOT EXISTS idx_reports_one_current \
     ON reports (unit_id, year, months, form) WHERE is_current";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .if_not_exists()
                    .col(pk_auto(Reports::Id))
                    .col(integer(Reports::ImportId))
                    .col(integer(Reports::UnitId))
                    .col(integer(Reports::Year))
                    .col(integer(Reports::Months))
                    // cases | money
                    .col(string(Reports::Form))
                    .col(string(Reports::ContentHash))
                    .col(boolean(Reports::IsCurrent))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Reports::SupersededAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_import")
                            .from(Reports::Table, Reports::ImportId)
                            .to(Imports::Table, Imports::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_unit")
                            .from(Reports::Table, Reports::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(ONE_CURRENT)
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_aggregation")
                    .table(Reports::Table)
                    .col(Reports::Year)
                    .col(Reports::Months)
                    .col(Reports::Form)
                    .col(Reports::IsCurrent)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_import")
                    .table(Reports::Table)
                    .col(Reports::ImportId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Reports::Table).to_owned())
            .await
    }
}
