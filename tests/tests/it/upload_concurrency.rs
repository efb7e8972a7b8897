//! Uploads that race and uploads that fail half-way: concurrent versions of the same report
//! are serialised (exactly one current report, the others in history, every report whole),
//! and a failure in the middle of storing a workbook leaves the previous report current and
//! nothing of the failed one, without a word of the database's error reaching the client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use thads_domain::entities::{report_rows, reports, units};
use thads_tests::db::{TestDb, each_backend};

/// How many uploads race.
const RACERS: i64 = 8;

/// Every stored report of office A's cases for [`PERIOD`]: (import id, current, superseded).
async fn cases_reports(t: &TestDb) -> Vec<reports::Model> {
    let unit = units::Entity::find()
        .filter(units::Column::Code.eq(OFFICE_A))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    reports::Entity::find()
        .filter(reports::Column::UnitId.eq(unit.id))
        .filter(reports::Column::Year.eq(PERIOD.0))
        .filter(reports::Column::Months.eq(i32::from(PERIOD.1)))
        .filter(reports::Column::Form.eq("cases"))
        .all(&t.db)
        .await
        .unwrap()
}

/// How many rows each report holds.
async fn rows_per_report(t: &TestDb) -> HashMap<i32, usize> {
    let mut counts = HashMap::new();
    for row in report_rows::Entity::find().all(&t.db).await.unwrap() {
        *counts.entry(row.report_id).or_default() += 1;
    }
    counts
}

/// Sends version `version` of office A's report, by the REST or the GraphQL path; returns the
/// HTTP status and the file's status word, in lower case.
async fn racer(
    server: Arc<thads_api::server::RunningServer>,
    token: String,
    version: i64,
) -> (StatusCode, String) {
    let file = book(OFFICE_A, version);
    let (status, answer) = if version % 2 == 0 {
        send(&server, Some(&token), &[file], false).await
    } else {
        send_graphql(&server, Some(&token), &[file], false).await
    };
    let outcome = if version % 2 == 0 {
        &answer["files"][0]
    } else {
        &answer["data"]["importWorkbooks"][0]
    };
    (
        status,
        outcome["status"].as_str().unwrap_or("").to_lowercase(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_versions_of_one_report_leave_one_current_and_the_rest_in_history() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = Arc::new(server(&t, false).await);
        let mut racers = tokio::task::JoinSet::new();
        for version in 0..RACERS {
            // Office A's clerk and the admin send at the same time.
            let token = if version % 3 == 0 {
                &tokens.admin
            } else {
                &tokens.office_a
            };
            racers.spawn(racer(Arc::clone(&server), token.clone(), version));
        }
        let mut statuses = Vec::new();
        while let Some(result) = racers.join_next().await {
            let (status, word) = result.unwrap();
            assert_eq!(status, StatusCode::OK, "{}", t.backend());
            statuses.push(word);
        }
        statuses.sort();
        let mut expected = vec!["imported".to_owned()];
        expected.extend((1..RACERS).map(|_| "replaced".to_owned()));
        assert_eq!(statuses, expected, "{}", t.backend());

        // Exactly one current report: the newest import's; every other superseded.
        let stored = cases_reports(&t).await;
        assert_eq!(stored.len(), RACERS as usize, "{}", t.backend());
        let current: Vec<_> = stored.iter().filter(|r| r.is_current).collect();
        assert_eq!(current.len(), 1, "{}: {stored:#?}", t.backend());
        let newest = stored.iter().map(|r| r.import_id).max().unwrap();
        assert_eq!(current[0].import_id, newest, "{}", t.backend());
        assert!(
            stored
                .iter()
                .filter(|r| !r.is_current)
                .all(|r| r.superseded_at.is_some())
        );
        // Nothing half-written: every report of a form holds the same number of rows.
        let rows = rows_per_report(&t).await;
        let counts: Vec<usize> = stored
            .iter()
            .map(|r| rows.get(&r.id).copied().unwrap_or(0))
            .collect();
        assert!(
            counts[0] > 0 && counts.iter().all(|&c| c == counts[0]),
            "{counts:?}"
        );

        // The same version sent eight times at once: stored once.
        let before = cases_reports(&t).await.len();
        let mut racers = tokio::task::JoinSet::new();
        for _ in 0..RACERS {
            racers.spawn(racer(Arc::clone(&server), tokens.office_a.clone(), 50));
        }
        let mut words = Vec::new();
        while let Some(result) = racers.join_next().await {
            words.push(result.unwrap().1);
        }
        words.sort();
        assert_eq!(
            words.iter().filter(|w| *w == "replaced").count(),
            1,
            "{words:?}"
        );
        assert_eq!(
            words.iter().filter(|w| *w == "unchanged").count(),
            RACERS as usize - 1
        );
        assert_eq!(cases_reports(&t).await.len(), before + 1);
        Arc::try_unwrap(server).ok().unwrap().stop().await.unwrap();
    }
}

/// Makes every insert of report rows fail, as a crash half-way through storing would.
async fn break_report_rows(t: &TestDb) {
    let statements: &[&str] = match t.db.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "CREATE FUNCTION thads_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'simulated crash: table report_rows'; END $$",
            "CREATE TRIGGER thads_test_crash BEFORE INSERT ON report_rows \
             FOR EACH STATEMENT EXECUTE FUNCTION thads_test_crash()",
        ],
        _ => &[
            "CREATE TRIGGER thads_test_crash BEFORE INSERT ON report_rows \
                BEGIN SELECT RAISE(ABORT, 'simulated crash: table report_rows'); END",
        ],
    };
    for sql in statements {
        t.db.execute_unprepared(sql).await.unwrap();
    }
}

async fn repair_report_rows(t: &TestDb) {
    t.db.execute_unprepared("DROP TRIGGER thads_test_crash ON report_rows")
        .await
        .or(t
            .db
            .execute_unprepared("DROP TRIGGER thads_test_crash")
            .await)
        .unwrap();
}

#[tokio::test]
async fn a_failure_half_way_through_leaves_the_previous_report_current() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let a = Some(tokens.office_a.as_str());
        let (_, answer) = send(&server, a, &[book(OFFICE_A, 1)], false).await;
        assert_eq!(answer["files"][0]["status"], "imported");
        let before = stored(&t).await;

        // The import record, the superseding of the old report and the new report are
        // written before the rows fail: all of it is rolled back.
        break_report_rows(&t).await;
        let (status, answer) = send(&server, a, &[book(OFFICE_A, 2)], false).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer:#}");
        assert_eq!(
            answer,
            serde_json::json!({ "errors": [{ "message": "internal error", "extensions": { "code": "INTERNAL" } }] })
        );
        let (status, answer) = send_graphql(&server, a, &[book(OFFICE_A, 3)], false).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["errors"][0]["message"], "internal error");
        assert_eq!(code(&answer), "INTERNAL");
        assert_eq!(answer["data"], Value::Null);
        let text = answer.to_string();
        assert!(
            !text.contains("report_rows") && !text.contains("simulated"),
            "{text}"
        );
        assert_eq!(stored(&t).await, before, "{}", t.backend());
        let current: Vec<_> = cases_reports(&t)
            .await
            .into_iter()
            .filter(|r| r.is_current)
            .collect();
        assert_eq!(current.len(), 1);

        // Once the database works again, the same file is stored.
        repair_report_rows(&t).await;
        let (status, answer) = send(&server, a, &[book(OFFICE_A, 2)], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert_eq!(answer["files"][0]["status"], "replaced");
        server.stop().await.unwrap();
    }
}
