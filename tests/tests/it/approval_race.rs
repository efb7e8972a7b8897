//! An import racing an approval either lands before it or is refused after it, never in
//! between: on PostgreSQL, with the order forced by holding the office's row (the approval
//! waits for it first and the import second, then the other way round); on both databases,
//! rounds of an approval and an import sent at the same moment, each ending in one of the two
//! allowed ways, with what is stored matching what was answered.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::upload_support::{OFFICE_A, PERIOD, book};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::time::Duration;
use thads_domain::ProblemCode;
use thads_domain::services::approvals::{approve_period, reopen_period};
use thads_domain::services::write;
use thads_domain::{ImportStatus, Period};
use thads_importer::batch::{FileOutcome, FileStatus, ImportOptions, Upload, import_uploads};
use thads_tests::db::each_backend;

fn period() -> Period {
    Period::new(i64::from(PERIOD.0), i64::from(PERIOD.1)).unwrap()
}

/// Imports version `version` of office A's workbook.
async fn send(db: DatabaseConnection, version: i64) -> FileOutcome {
    let (name, bytes) = book(OFFICE_A, version);
    let options = ImportOptions {
        dry_run: false,
        source: "test".to_owned(),
        office: None,
        sender: None,
    };
    let mut outcomes = import_uploads(&db, vec![Upload { name, bytes }], &options)
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 1);
    outcomes.remove(0)
}

/// Whether the outcome is the refusal of a locked period.
fn refused(outcome: &FileOutcome) -> bool {
    outcome.status == FileStatus::Rejected
        && outcome
            .problems
            .iter()
            .any(|p| p.code == ProblemCode::PeriodLocked)
}

/// Resolved criminal cases of office A's current report: 10 + the version stored.
async fn stored_version(db: &DatabaseConnection) -> i64 {
    let stats = crate::stats_support::stats(
        db,
        &thads_domain::stats::StatsQuery {
            period: period(),
            filter: thads_domain::stats::StatsFilter {
                units: vec![OFFICE_A.to_owned()],
                case_types: Vec::new(),
            },
            group_by: Vec::new(),
            order_by: Vec::new(),
            limit: None,
            previous_year: false,
            as_of: None,
        },
    )
    .await
    .unwrap();
    stats[0].cases.resolved().unwrap() - 10
}

#[tokio::test]
async fn an_import_racing_an_approval_lands_before_it_or_is_refused_after_it() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let first = send(t.db.clone(), 1).await;
        assert_eq!(first.status, FileStatus::from(ImportStatus::Imported));

        if t.db.get_database_backend() == DbBackend::Postgres {
            for approval_first in [true, false] {
                // Someone holds office A's row, as a store or an approval does.
                let hold = write::begin(&t.db).await.unwrap();
                hold.execute_unprepared("SELECT id FROM units WHERE code = 'LA-TANTRU' FOR UPDATE")
                    .await
                    .unwrap();
                let db = t.db.clone();
                let approve = async move { approve_period(&db, "LA", period(), "racer").await };
                let version = if approval_first { 2 } else { 3 };
                let import = send(t.db.clone(), version);
                let (approval, outcome) = if approval_first {
                    let approval = tokio::spawn(approve);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    let outcome = tokio::spawn(import);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    assert!(!approval.is_finished() && !outcome.is_finished());
                    hold.commit().await.unwrap();
                    (approval.await.unwrap(), outcome.await.unwrap())
                } else {
                    let outcome = tokio::spawn(import);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    let approval = tokio::spawn(approve);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    assert!(!approval.is_finished() && !outcome.is_finished());
                    hold.commit().await.unwrap();
                    (approval.await.unwrap(), outcome.await.unwrap())
                };
                approval.unwrap();
                if approval_first {
                    // It waited behind the approval: refused after it.
                    assert!(refused(&outcome), "{outcome:#?}");
                    assert_eq!(stored_version(&t.db).await, 1);
                } else {
                    // It came first: it landed before the approval locked the period.
                    assert_eq!(outcome.status, FileStatus::from(ImportStatus::Replaced));
                    assert_eq!(stored_version(&t.db).await, 3);
                }
                reopen_period(&t.db, "LA", period(), "next round", "racer")
                    .await
                    .unwrap();
            }
        }

        // Rounds of both at once: each import is stored or refused, as it says.
        for version in 10..16 {
            let kept = stored_version(&t.db).await;
            let db = t.db.clone();
            let approve =
                tokio::spawn(async move { approve_period(&db, "LA", period(), "racer").await });
            let import = tokio::spawn(send(t.db.clone(), version));
            let (approval, outcome) = (approve.await.unwrap(), import.await.unwrap());
            approval.unwrap_or_else(|e| panic!("{backend}: {e}"));
            if refused(&outcome) {
                assert_eq!(stored_version(&t.db).await, kept, "{backend}");
            } else {
                assert_eq!(
                    outcome.status,
                    FileStatus::from(ImportStatus::Replaced),
                    "{backend}: {outcome:#?}"
                );
                assert_eq!(stored_version(&t.db).await, version, "{backend}");
            }
            // Locked now, whoever won.
            let late = send(t.db.clone(), version + 50).await;
            assert!(refused(&late), "{backend}: {late:#?}");
            reopen_period(&t.db, "LA", period(), "next round", "racer")
                .await
                .unwrap();
        }
    }
}
