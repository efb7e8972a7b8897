//! Period sums: the current reports' totals added up per period, form, parent unit (the
//! offices' province) and case group, with how many offices they hold. A year of the nation is
//! then about three thousand rows instead of thirty thousand totals joined to their reports,
//! so that the dashboard's totals, rankings of provinces and series read a few rows per
//! answer.
//!
//! A unit's sums are keyed by the offices' parent unit (the office itself when it has none).
//! A request whose groups are whole parents reads them; one that splits by office, filters by
//! leaf case type, or takes some offices of a parent and not the others reads the reports'
//! totals (`thads_domain::services::stats`).
//!
//! `offices_before` counts the offices whose current report of the same form for the month
//! before exists: the month alone is known only when the same offices reported both months.
//! `offices_once` and `offices_once_before` count each office in its first case group only, so
//! that the rows of a parent added up over the groups count its offices once.
//!
//! Kept exact in the transaction that writes:
//! - thads's writers (the importer, the national loader) write the sums of the parents and
//!   months whose reports they wrote or replaced, and of the month after, whose
//!   `offices_before` depends on them (`thads_domain::services::reports::sums`);
//! - a direct `UPDATE` of `report_rows`, which the report totals follow (migration
//!   `m20261205_000002`), is now followed by the sums too: that trigger is replaced by one that
//!   writes both, in order;
//! - an office moved under another parent (`parent_id` changed) moves its sums: a trigger writes
//!   the sums of both parents again.
//!
//! No foreign keys: the sums are derived from reports, whose own keys already hold the units
//! and case types in place, and on PostgreSQL a key to `units` would make every import lock its
//! offices' province row (`FOR KEY SHARE`), which an approval of that province holds `FOR
//! UPDATE` while it waits for the offices' rows: a deadlock.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261205_000002_create_report_totals::{
    FIELDS, drop_triggers as drop_totals_triggers, follow_rows_statements,
    triggers as totals_triggers,
};

/// Creates `period_sums`, fills it, and sets the triggers that keep it exact.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PeriodSums {
    Table,
    Year,
    Months,
    Form,
    UnitId,
    CaseTypeId,
    Offices,
    OfficesBefore,
    OfficesOnce,
    OfficesOnceBefore,
    Reduced,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(PeriodSums::Table)
            .if_not_exists()
            .col(integer(PeriodSums::Year))
            .col(integer(PeriodSums::Months))
            .col(string(PeriodSums::Form))
            // The offices' parent.
            .col(integer(PeriodSums::UnitId))
            // The case group.
            .col(integer(PeriodSums::CaseTypeId))
            .col(integer(PeriodSums::Offices))
            .col(integer(PeriodSums::OfficesBefore))
            .col(integer(PeriodSums::OfficesOnce))
            .col(integer(PeriodSums::OfficesOnceBefore));
        for field in FIELDS {
            table.col(big_integer(Alias::new(field)));
        }
        // Money form only: NULL on the cases form, as in its rows.
        table.col(big_integer_null(PeriodSums::Reduced));
        // The key in the order the statistics read it: a year, then its months.
        table.primary_key(
            Index::create()
                .col(PeriodSums::Year)
                .col(PeriodSums::Months)
                .col(PeriodSums::Form)
                .col(PeriodSums::UnitId)
                .col(PeriodSums::CaseTypeId),
        );
        let backend = manager.get_database_backend();
        if backend == DbBackend::Sqlite {
            // Stored in the key's order, so that a year is one contiguous range rather than
            // an index range and a lookup of each row.
            table.extra("WITHOUT ROWID");
        }
        manager.create_table(table).await?;
        let db = manager.get_connection();
        db.execute_unprepared(&recompute("")).await?;
        for sql in drop_totals_triggers(backend)
            .into_iter()
            .chain(triggers(backend))
        {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        for sql in drop_triggers(backend)
            .into_iter()
            .chain(totals_triggers(backend))
        {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_table(Table::drop().table(PeriodSums::Table).to_owned())
            .await
    }
}

/// The statement that writes the sums of the current reports `condition` selects (`AND …` on
/// `r`, the report, and `u`, its office; every one when empty).
fn recompute(condition: &str) -> String {
    let columns = FIELDS.join(", ");
    let sums: Vec<String> = FIELDS
        .iter()
        .chain(["reduced"].iter())
        .map(|f| format!("SUM(t.{f})"))
        .collect();
    // A report has one totals row per case group it holds: its first is the smallest id.
    let first = "t.case_type_id = (SELECT MIN(f.case_type_id) FROM report_totals f \
                 WHERE f.report_id = r.id)";
    format!(
        "INSERT INTO period_sums (year, months, form, unit_id, case_type_id, offices, \
         offices_before, offices_once, offices_once_before, {columns}, reduced) \
         SELECT r.year, r.months, r.form, COALESCE(u.parent_id, u.id), t.case_type_id, \
         COUNT(*), COUNT(pr.id), SUM(CASE WHEN {first} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN pr.id IS NOT NULL AND {first} THEN 1 ELSE 0 END), {} \
         FROM reports r JOIN units u ON u.id = r.unit_id \
         JOIN report_totals t ON t.report_id = r.id \
         LEFT JOIN reports pr ON pr.unit_id = r.unit_id AND pr.year = r.year \
         AND pr.months = r.months - 1 AND pr.form = r.form AND pr.is_current \
         WHERE r.is_current {condition} \
         GROUP BY r.year, r.months, r.form, COALESCE(u.parent_id, u.id), t.case_type_id",
        sums.join(", ")
    )
}

/// The triggers: a direct `UPDATE` of rows writes the touched reports' totals, then the sums
/// of their parent for their month and the month after; a changed parent writes the sums of
/// the old and the new parent.
fn triggers(backend: DbBackend) -> Vec<String> {
    let [delete_totals, insert_totals] = follow_rows_statements();
    // The touched reports' parent and month, and the month after.
    let touched = "(SELECT r.year, r.months + d.n, COALESCE(u.parent_id, u.id) \
                   FROM reports r JOIN units u ON u.id = r.unit_id \
                   CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1) d \
                   WHERE r.id IN (OLD.report_id, NEW.report_id))";
    let delete_sums = format!("DELETE FROM period_sums WHERE (year, months, unit_id) IN {touched}");
    let insert_sums = recompute(&format!(
        "AND (r.year, r.months, COALESCE(u.parent_id, u.id)) IN {touched}"
    ));
    let rows = format!("{delete_totals}; {insert_totals}; {delete_sums}; {insert_sums}");
    let parents = "(COALESCE(OLD.parent_id, OLD.id), COALESCE(NEW.parent_id, NEW.id))";
    let moved = format!(
        "DELETE FROM period_sums WHERE unit_id IN {parents}; {}",
        recompute(&format!("AND COALESCE(u.parent_id, u.id) IN {parents}"))
    );
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION report_rows_follow() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN {rows}; RETURN NULL; END $$"
            ),
            "CREATE TRIGGER report_rows_follow AFTER UPDATE ON report_rows \
             FOR EACH ROW EXECUTE FUNCTION report_rows_follow()"
                .to_owned(),
            format!(
                "CREATE FUNCTION period_sums_follow_parent() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN {moved}; RETURN NULL; END $$"
            ),
            "CREATE TRIGGER period_sums_follow_parent AFTER UPDATE OF parent_id ON units \
             FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) \
             EXECUTE FUNCTION period_sums_follow_parent()"
                .to_owned(),
        ],
        _ => vec![
            format!(
                "CREATE TRIGGER report_rows_follow AFTER UPDATE ON report_rows \
                 FOR EACH ROW BEGIN {rows}; END"
            ),
            format!(
                "CREATE TRIGGER period_sums_follow_parent AFTER UPDATE OF parent_id ON units \
                 FOR EACH ROW WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN {moved}; END"
            ),
        ],
    }
}

/// Drops what [`triggers`] creates.
fn drop_triggers(backend: DbBackend) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            "DROP TRIGGER IF EXISTS report_rows_follow ON report_rows".to_owned(),
            "DROP FUNCTION IF EXISTS report_rows_follow()".to_owned(),
            "DROP TRIGGER IF EXISTS period_sums_follow_parent ON units".to_owned(),
            "DROP FUNCTION IF EXISTS period_sums_follow_parent()".to_owned(),
        ],
        _ => vec![
            "DROP TRIGGER IF EXISTS report_rows_follow".to_owned(),
            "DROP TRIGGER IF EXISTS period_sums_follow_parent".to_owned(),
        ],
    }
}
