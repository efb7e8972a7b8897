//! Report rows: the values of one leaf case type in one report, one integer column per field
//! (cases, or whole đồng). The rate is derived, never stored.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000003_create_case_types::CaseTypes;
use crate::m20261101_000006_create_reports::Reports;

/// Creates `report_rows`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportRows {
    Table,
    Id,
    ReportId,
    CaseTypeId,
    Reduced,
}

/// The fields of both forms except `reduced`, in column order; frozen here as they were when
/// this migration was written (a later field needs a later migration).
const FIELDS: [&str; 15] = [
    "total_accepted",
    "carried_over",
    "newly_accepted",
    "entrusted",
    "withdrawn",
    "to_enforce",
    "enforceable",
    "completed",
    "dismissed",
    "in_progress",
    "postponed",
    "suspended",
    "other",
    "not_enforceable",
    "carried_forward",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ReportRows::Table)
            .if_not_exists()
            .col(pk_auto(ReportRows::Id))
            .col(integer(ReportRows::ReportId))
            .col(integer(ReportRows::CaseTypeId));
        for field in FIELDS {
            table.col(big_integer(Alias::new(field)));
        }
        // Money form only: NULL on the cases form.
        table.col(big_integer_null(ReportRows::Reduced));
        table
            .foreign_key(
                ForeignKey::create()
                    .name("fk_report_rows_report")
                    .from(ReportRows::Table, ReportRows::ReportId)
                    .to(Reports::Table, Reports::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_report_rows_case_type")
                    .from(ReportRows::Table, ReportRows::CaseTypeId)
                    .to(CaseTypes::Table, CaseTypes::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            );
        manager.create_table(table).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_rows_report")
                    .table(ReportRows::Table)
                    .col(ReportRows::ReportId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReportRows::Table).to_owned())
            .await
    }
}
