//! The period sums (`period_sums`): the current reports' totals added up per period, form,
//! parent unit and case group, with how many offices they hold, written in the transaction that
//! writes reports, so that they always equal what the reports' totals add up to. The
//! statistics read them whenever a request's groups are whole parents (the nation, its
//! provinces, a province).
//!
//! A parent's sums of a month are written whole again from its current reports, never
//! adjusted: a replaced report, a new one and an unchanged one all end the same way. The month
//! after is written too, since its `offices_before` (the offices that also reported the month
//! before) depends on which reports are current. Migration `m20261207_000001` explains the
//! columns and the triggers that follow the writes made outside thads; it holds its own copy of
//! this statement, as a migration must (it filled the table, and its triggers write it, as the
//! schema stood then).

use crate::outcome::Field;
use crate::services::stats::sql::literal_list;
use sea_orm::{ConnectionTrait, DbErr, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// Reports whose parents and months one statement finds: a few thousand ids written out.
const REPORTS_PER_STATEMENT: usize = 5_000;

/// The last month of an enforcement year: it has no month after.
const LAST_MONTH: i32 = 12;

/// Writes again the sums of every parent and month these reports count in (written, replaced
/// or made history by the caller's transaction), and of the month after each.
pub async fn write_sums(db: &impl ConnectionTrait, report_ids: &[i32]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut touched: BTreeMap<(i32, i32), BTreeSet<i32>> = BTreeMap::new();
    for chunk in report_ids.chunks(REPORTS_PER_STATEMENT) {
        let sql = format!(
            "SELECT DISTINCT r.year, r.months, COALESCE(u.parent_id, u.id) AS parent \
             FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.id IN ({})",
            literal_list(chunk)
        );
        for row in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let year: i32 = row.try_get("", "year")?;
            let months: i32 = row.try_get("", "months")?;
            let parent: i32 = row.try_get("", "parent")?;
            for m in months..=(months + 1).min(LAST_MONTH) {
                touched.entry((year, m)).or_default().insert(parent);
            }
        }
    }
    for ((year, months), parents) in touched {
        let parents: Vec<i32> = parents.into_iter().collect();
        let parents = literal_list(&parents);
        // Integers read from the database: writing them out cannot inject anything.
        db.execute_unprepared(&format!(
            "DELETE FROM period_sums WHERE year = {year} AND months = {months} \
             AND unit_id IN ({parents})"
        ))
        .await?;
        db.execute_unprepared(&insert(&format!(
            "r.year = {year} AND r.months = {months} \
             AND COALESCE(u.parent_id, u.id) IN ({parents})"
        )))
        .await?;
    }
    Ok(())
}

/// The statement that writes the sums of the current reports `condition` selects (on `r`, the
/// report, and `u`, its office).
fn insert(condition: &str) -> String {
    let columns: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let sums: Vec<String> = columns.iter().map(|c| format!("SUM(t.{c})")).collect();
    // A report has one totals row per case group it holds: its first is the smallest id.
    let first = "t.case_type_id = (SELECT MIN(f.case_type_id) FROM report_totals f \
                 WHERE f.report_id = r.id)";
    format!(
        "INSERT INTO period_sums (year, months, form, unit_id, case_type_id, offices, \
         offices_before, offices_once, offices_once_before, {}) \
         SELECT r.year, r.months, r.form, COALESCE(u.parent_id, u.id), t.case_type_id, \
         COUNT(*), COUNT(pr.id), SUM(CASE WHEN {first} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN pr.id IS NOT NULL AND {first} THEN 1 ELSE 0 END), {} \
         FROM reports r JOIN units u ON u.id = r.unit_id \
         JOIN report_totals t ON t.report_id = r.id \
         LEFT JOIN reports pr ON pr.unit_id = r.unit_id AND pr.year = r.year \
         AND pr.months = r.months - 1 AND pr.form = r.form AND pr.is_current \
         WHERE r.is_current AND {condition} \
         GROUP BY r.year, r.months, r.form, COALESCE(u.parent_id, u.id), t.case_type_id",
        columns.join(", "),
        sums.join(", ")
    )
}
