//! `list_imports`, on both databases: newest first, a page at a time with the total, filtered
//! by a unit's subtree and by status, problems read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::services::imports::list_imports;
use thads_domain::services::reports::{NewImport, store_workbook};
use thads_domain::stats::{ImportPage, ImportQuery};
use thads_domain::{DomainError, Form, ImportStatus, Problem, ProblemCode};
use thads_tests::db::each_backend;

fn query(unit: Option<&str>, status: Option<ImportStatus>, limit: u64, offset: u64) -> ImportQuery {
    ImportQuery {
        unit: unit.map(str::to_owned),
        status,
        office: None,
        limit,
        offset,
    }
}

fn ids(page: &ImportPage) -> Vec<i32> {
    page.items.iter().map(|i| i.id).collect()
}

/// A rejected file: its unit recognised or not.
async fn reject(db: &sea_orm::DatabaseConnection, name: &str, unit: Option<&str>) -> Vec<Problem> {
    let problems = vec![
        Problem::error(ProblemCode::UnknownUnit)
            .arg("name", "Chi cục X")
            .in_sheet("Sheet1"),
        Problem::warning(ProblemCode::CarriedOverChanged)
            .arg("mine", 12_i64)
            .arg("their", 11_i64)
            .arg("period", "8 tháng năm 2020")
            .at_cell("C12"),
    ];
    let import = NewImport {
        file_name: name.to_owned(),
        path: None,
        file_size: 77,
        sha256: "ab".repeat(32),
        source: "clerk".to_owned(),
        unit: unit.map(str::to_owned),
        period: None,
        sender: None,
    };
    store_workbook(db, import, None, &problems).await.unwrap();
    problems
}

#[tokio::test]
async fn pages_newest_first_with_filters() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await; // imports 1..=10
        store(&t.db, "P2-D", (2020, 6), Form::Cases, D_CASES).await; // 11: unchanged
        let problems = reject(&t.db, "mystery.xlsx", None).await; // 12
        reject(&t.db, "e-broken.xlsx", Some("P2-E")).await; // 13

        let all = list_imports(&t.db, &query(None, None, 100, 0))
            .await
            .unwrap();
        assert_eq!(all.total, 13, "{backend}");
        assert_eq!(ids(&all), (1..=13).rev().collect::<Vec<_>>());
        let mystery = &all.items[1];
        assert_eq!(mystery.file_name, "mystery.xlsx");
        assert_eq!(mystery.status, ImportStatus::Rejected);
        assert_eq!(mystery.unit, None);
        assert_eq!(mystery.period, None);
        assert_eq!(mystery.problems, problems);
        assert_eq!((mystery.file_size, mystery.source.as_str()), (77, "clerk"));
        let unchanged = &all.items[2];
        assert_eq!(unchanged.status, ImportStatus::Unchanged);
        assert_eq!(unchanged.unit.as_deref(), Some("P2-D"));
        assert_eq!(unchanged.period, Some(period(2020, 6)));
        assert!(unchanged.problems.is_empty());
        assert!(
            all.items
                .windows(2)
                .all(|w| w[0].received_at >= w[1].received_at)
        );

        let first = list_imports(&t.db, &query(None, None, 5, 0)).await.unwrap();
        assert_eq!((first.total, ids(&first)), (13, vec![13, 12, 11, 10, 9]));
        let last = list_imports(&t.db, &query(None, None, 5, 10))
            .await
            .unwrap();
        assert_eq!((last.total, ids(&last)), (13, vec![3, 2, 1]));
        let count = list_imports(&t.db, &query(None, None, 0, 0)).await.unwrap();
        assert_eq!((count.total, count.items.len()), (13, 0));

        // P1's offices: A (cases twice, money, 2020-5, 2019-6) and B (2020-6, 2019-6 money).
        let p1 = list_imports(&t.db, &query(Some("P1"), None, 100, 0))
            .await
            .unwrap();
        assert_eq!((p1.total, ids(&p1)), (7, vec![10, 9, 8, 6, 3, 2, 1]));
        let p2 = list_imports(&t.db, &query(Some("P2"), None, 2, 1))
            .await
            .unwrap();
        assert_eq!((p2.total, ids(&p2)), (5, vec![11, 7]));
        let b = list_imports(&t.db, &query(Some("P1-B"), None, 100, 0))
            .await
            .unwrap();
        assert_eq!(ids(&b), vec![10, 3]);
        let c = list_imports(&t.db, &query(Some("P1-C"), None, 100, 0))
            .await
            .unwrap();
        assert_eq!((c.total, c.items.len()), (0, 0));

        let rejected = list_imports(&t.db, &query(None, Some(ImportStatus::Rejected), 100, 0))
            .await
            .unwrap();
        assert_eq!(ids(&rejected), vec![13, 12]);
        let p2_rejected = list_imports(
            &t.db,
            &query(Some("P2"), Some(ImportStatus::Rejected), 100, 0),
        )
        .await
        .unwrap();
        assert_eq!(ids(&p2_rejected), vec![13]);
        assert_eq!(p2_rejected.items[0].unit.as_deref(), Some("P2-E"));
        let replaced = list_imports(&t.db, &query(None, Some(ImportStatus::Replaced), 100, 0))
            .await
            .unwrap();
        assert_eq!(ids(&replaced), vec![2]);

        let unknown = list_imports(&t.db, &query(Some("XX"), None, 10, 0)).await;
        assert!(
            matches!(&unknown, Err(DomainError::UnknownUnit(c)) if c == "XX"),
            "{unknown:?}"
        );
    }
}
