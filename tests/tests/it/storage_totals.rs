//! Each report's totals per case group (`report_totals`), which the statistics read in place of
//! the rows, equal its rows' sums: after imports, a replacement and a rejected file through the
//! real `thads import`, after a direct correction of a row, on both databases. The sums are
//! computed here, in Rust, from the rows as stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::broken;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use std::collections::BTreeMap;
use thads_domain::Field;
use thads_domain::entities::{case_types, report_rows, reports};
use thads_tests::db::{TestDb, each_backend};

/// Totals by (report, case group), every field in `Field::ALL`'s order (`reduced` as stored:
/// null on the cases form).
pub type Totals = BTreeMap<(i32, i32), Vec<Option<i64>>>;

/// The rows' sums, added up here.
pub async fn from_rows(t: &TestDb) -> Totals {
    let groups: BTreeMap<i32, i32> = case_types::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|c| Some((c.id, c.parent_id?)))
        .collect();
    let mut totals = Totals::new();
    for row in report_rows::Entity::find().all(&t.db).await.unwrap() {
        let sums = totals
            .entry((row.report_id, groups[&row.case_type_id]))
            .or_insert_with(|| vec![Some(0); Field::ALL.len()]);
        let values = [
            Some(row.total_accepted),
            Some(row.carried_over),
            Some(row.newly_accepted),
            Some(row.entrusted),
            Some(row.withdrawn),
            Some(row.to_enforce),
            Some(row.enforceable),
            Some(row.completed),
            Some(row.dismissed),
            row.reduced,
            Some(row.in_progress),
            Some(row.postponed),
            Some(row.suspended),
            Some(row.other),
            Some(row.not_enforceable),
            Some(row.carried_forward),
        ];
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum = match (*sum, value) {
                (Some(s), Some(v)) => Some(s + v),
                _ => None,
            };
        }
    }
    totals
}

/// The stored totals.
async fn stored(t: &TestDb) -> Totals {
    let columns: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let sql = format!(
        "SELECT report_id, case_type_id, {} FROM report_totals",
        columns.join(", ")
    );
    let backend = t.db.get_database_backend();
    let rows =
        t.db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap();
    rows.iter()
        .map(|row| {
            let key = (
                row.try_get::<i32>("", "report_id").unwrap(),
                row.try_get::<i32>("", "case_type_id").unwrap(),
            );
            let values = columns
                .iter()
                .map(|c| row.try_get::<Option<i64>>("", c).unwrap())
                .collect();
            (key, values)
        })
        .collect()
}

/// Imports a broken workbook with `thads import`, which rejects it whole.
pub async fn import_rejected(t: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let ((name, bytes), _) = broken();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let run = thads(&["import", "--db", &t.url, &path.display().to_string()]).await;
    assert_eq!(run.code, 1, "{run:#?}");
}

#[tokio::test]
async fn the_totals_are_the_rows_sums() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        // A rejected file stores no report, so no totals.
        import_rejected(&t).await;

        let totals = stored(&t).await;
        assert_eq!(totals, from_rows(&t).await, "{backend}");
        // Every report has them, the replaced ones (history) too: one per case group it holds.
        let reports = reports::Entity::find().all(&t.db).await.unwrap();
        assert!(
            reports.iter().any(|r| !r.is_current),
            "{backend}: a replaced report"
        );
        for report in &reports {
            assert!(
                totals.keys().any(|(id, _)| *id == report.id),
                "{backend}: report {} has no totals",
                report.id
            );
        }

        // A correction made directly in the rows is followed at once.
        t.db.execute_unprepared(
            "UPDATE report_rows SET completed = completed + 3, in_progress = in_progress - 3 \
             WHERE id = (SELECT MIN(id) FROM report_rows)",
        )
        .await
        .unwrap();
        let corrected = stored(&t).await;
        assert_ne!(corrected, totals, "{backend}");
        assert_eq!(corrected, from_rows(&t).await, "{backend}");
    }
}
