//! Each report's totals per case group (`report_totals`), written from its rows in the
//! transaction that stores them, so that they always equal the rows' sums: the statistics read
//! them, two per report, whenever a request does not split or filter by leaf case type.

use crate::outcome::Field;
use sea_orm::{ConnectionTrait, DbErr};
use std::fmt::Write;

/// Reports whose totals one statement writes: a few thousand ids written out.
const REPORTS_PER_STATEMENT: usize = 5_000;

/// Writes the totals of these reports from their stored rows (the reports must have none
/// yet), in as few statements as the ids take.
pub async fn write_totals(db: &impl ConnectionTrait, report_ids: &[i32]) -> Result<(), DbErr> {
    let columns: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let sums: Vec<String> = columns.iter().map(|c| format!("SUM(rr.{c})")).collect();
    for chunk in report_ids.chunks(REPORTS_PER_STATEMENT) {
        let mut ids = String::with_capacity(chunk.len() * 7);
        for (i, id) in chunk.iter().enumerate() {
            // Integers: writing them out cannot inject anything.
            let _ = write!(ids, "{}{id}", if i > 0 { ", " } else { "" });
        }
        db.execute_unprepared(&format!(
            "INSERT INTO report_totals (report_id, case_type_id, {}) \
             SELECT rr.report_id, ct.parent_id, {} FROM report_rows rr \
             JOIN case_types ct ON ct.id = rr.case_type_id \
             WHERE rr.report_id IN ({ids}) GROUP BY rr.report_id, ct.parent_id",
            columns.join(", "),
            sums.join(", ")
        ))
        .await?;
    }
    Ok(())
}
