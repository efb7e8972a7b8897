//! Report totals: each report's rows added up per case group (`active`, `on_request`), kept
//! beside the rows so that a request that does not split by leaf case type reads two rows per
//! report instead of sixteen. Written in the same transaction as the report and its rows, from
//! those rows (`thads_domain::services::reports::totals`), and deleted with the report; the
//! existing reports' totals are computed here from their rows.
//!
//! A correction made directly in `report_rows` (a statistician's `UPDATE`, a script) is
//! followed by a trigger that computes the totals of the reports it touched again, in the same
//! transaction, so that the totals never differ from the rows. Only `UPDATE`: thads inserts
//! rows with their report and writes the totals after them (a trigger per inserted row would
//! add them up sixteen times), and rows are deleted only with their report, whose totals go
//! with it. A bulk `UPDATE` of many rows pays one small recomputation per row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261101_000003_create_case_types::CaseTypes;
use crate::m20261101_000006_create_reports::Reports;

/// Creates `report_totals` and fills it from the stored rows.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportTotals {
    Table,
    ReportId,
    CaseTypeId,
    Reduced,
}

/// The fields of both forms except `reduced`, as `report_rows` has them.
pub(crate) const FIELDS: [&str; 15] = [
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
            .table(ReportTotals::Table)
            .if_not_exists()
            .col(integer(ReportTotals::ReportId))
            // The case group's id: the parent of the rows' leaf case types.
            .col(integer(ReportTotals::CaseTypeId));
        for field in FIELDS {
            table.col(big_integer(Alias::new(field)));
        }
        // Money form only: NULL on the cases form, as in its rows.
        table.col(big_integer_null(ReportTotals::Reduced));
        table
            .primary_key(
                Index::create()
                    .col(ReportTotals::ReportId)
                    .col(ReportTotals::CaseTypeId),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_report_totals_report")
                    .from(ReportTotals::Table, ReportTotals::ReportId)
                    .to(Reports::Table, Reports::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_report_totals_case_type")
                    .from(ReportTotals::Table, ReportTotals::CaseTypeId)
                    .to(CaseTypes::Table, CaseTypes::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            );
        manager.create_table(table).await?;
        let db = manager.get_connection();
        db.execute_unprepared(&recompute("")).await?;
        for sql in triggers(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in drop_triggers(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_table(Table::drop().table(ReportTotals::Table).to_owned())
            .await
    }
}

/// The statement that writes the totals of the reports `condition` selects from their rows
/// (every report's when it is empty).
fn recompute(condition: &str) -> String {
    let columns = FIELDS.join(", ");
    let sums: Vec<String> = FIELDS
        .iter()
        .chain(["reduced"].iter())
        .map(|f| format!("SUM(rr.{f})"))
        .collect();
    format!(
        "INSERT INTO report_totals (report_id, case_type_id, {columns}, reduced) \
         SELECT rr.report_id, ct.parent_id, {} FROM report_rows rr \
         JOIN case_types ct ON ct.id = rr.case_type_id {condition} \
         GROUP BY rr.report_id, ct.parent_id",
        sums.join(", ")
    )
}

/// The statements that write the totals of the reports a direct `UPDATE` of a row touched
/// again, from their rows: in a row trigger, where `OLD` and `NEW` are the row.
pub(crate) fn follow_rows_statements() -> [String; 2] {
    let touched = "(OLD.report_id, NEW.report_id)";
    [
        format!("DELETE FROM report_totals WHERE report_id IN {touched}"),
        recompute(&format!("WHERE rr.report_id IN {touched}")),
    ]
}

/// The trigger that follows a direct `UPDATE` of rows: the touched reports' totals deleted and
/// written again from their rows.
pub(crate) fn triggers(backend: DbBackend) -> Vec<String> {
    let [delete, insert] = follow_rows_statements();
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION report_totals_follow_rows() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN {delete}; {insert}; RETURN NULL; END $$"
            ),
            "CREATE TRIGGER report_totals_follow_rows AFTER UPDATE ON report_rows \
             FOR EACH ROW EXECUTE FUNCTION report_totals_follow_rows()"
                .to_owned(),
        ],
        _ => vec![format!(
            "CREATE TRIGGER report_totals_follow_rows AFTER UPDATE ON report_rows \
             FOR EACH ROW BEGIN {delete}; {insert}; END"
        )],
    }
}

/// Drops what [`triggers`] creates.
pub(crate) fn drop_triggers(backend: DbBackend) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            "DROP TRIGGER IF EXISTS report_totals_follow_rows ON report_rows".to_owned(),
            "DROP FUNCTION IF EXISTS report_totals_follow_rows()".to_owned(),
        ],
        _ => vec!["DROP TRIGGER IF EXISTS report_totals_follow_rows".to_owned()],
    }
}
