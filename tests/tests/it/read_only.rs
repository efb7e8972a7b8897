//! A database that takes no writes (an SQLite file opened read-only, a PostgreSQL database set
//! to `default_transaction_read_only`) is reported as such: `/health` says it cannot write,
//! reads are served, every write is refused with `DATABASE_READ_ONLY` and a message in
//! Vietnamese then English (503 for `POST /api/imports`, the error code in GraphQL, exit 2 on
//! the command line) and changes nothing, and a dry run, which writes nothing, still answers.
//! The check that tells a read-only database neither waits for another writer nor takes one
//! for a refusal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::{Run, thads};
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use serde_json::{Value, json};
use std::time::Duration;
use thads_api::server::{RunningServer, ServerConfig, spawn_with};
use thads_domain::services::write::{self, writable};
use thads_tests::db::each_backend;

/// What every refused write says.
const READ_ONLY: &str = "Cơ sở dữ liệu đang ở chế độ chỉ đọc: không thể lưu báo cáo. / The \
                         database is read-only: nothing can be stored.";

/// `GET /health`: its status and body.
async fn health(server: &RunningServer) -> (StatusCode, Value) {
    let response = client().get(server.url("/health")).send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

/// Runs `thads ARGS… --db URL`.
async fn thads_on(url: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--db", url]);
    thads(&all).await
}

#[tokio::test]
async fn a_read_only_database_is_reported_and_refuses_every_write_over_http() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        assert_eq!(
            health(&server).await,
            (StatusCode::OK, json!({ "status": "ok", "writable": true })),
            "{backend}"
        );
        server.stop().await.unwrap();

        let url = t.read_only_url().await;
        let db = thads_api::db::connect(&url).await.unwrap();
        assert!(!writable(&db).await.unwrap(), "{backend}: writable");
        let before = stored(&t).await;
        let server = spawn_with(db, "127.0.0.1:0", ServerConfig::default())
            .await
            .unwrap();
        assert_eq!(
            health(&server).await,
            (
                StatusCode::OK,
                json!({ "status": "read_only", "writable": false })
            ),
            "{backend}"
        );

        // Reads are served, tokens recognised.
        let (status, answer) = graphql(
            &server,
            Some(&tokens.viewer),
            r#"{ stats(period: {year: 2020, months: 9}, filter: {units: ["LA-TANTRU"]}) {
                cases { enforceable } } }"#,
            Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(
            answer["data"]["stats"][0]["cases"]["enforceable"], 150,
            "{backend}: {answer:#}"
        );

        // An upload: 503 DATABASE_READ_ONLY.
        let file = book(OFFICE_A, 1);
        let (status, answer) = send(
            &server,
            Some(&tokens.office_a),
            std::slice::from_ref(&file),
            false,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{backend}: {answer:#}"
        );
        assert_eq!(
            answer,
            json!({ "errors": [{ "message": READ_ONLY,
                                 "extensions": { "code": "DATABASE_READ_ONLY" } }] }),
            "{backend}"
        );
        // A dry run writes nothing: it is answered.
        let (status, answer) = send(
            &server,
            Some(&tokens.office_a),
            std::slice::from_ref(&file),
            true,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(answer["dryRun"], true, "{backend}: {answer:#}");
        assert_eq!(
            answer["files"][0]["status"], "imported",
            "{backend}: {answer:#}"
        );
        assert_eq!(answer["files"][0]["import_id"], Value::Null, "{backend}");

        // The GraphQL mutations: the error code.
        let (status, answer) = send_graphql(
            &server,
            Some(&tokens.office_a),
            std::slice::from_ref(&file),
            false,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(code(&answer), "DATABASE_READ_ONLY", "{backend}: {answer:#}");
        assert_eq!(answer["errors"][0]["message"], READ_ONLY, "{backend}");
        for (query, variables) in [
            (
                "mutation { setTarget(year: 2021, unit: \"LA\", measure: CASES, rate: 80) \
                 { change } }",
                Value::Null,
            ),
            (
                "mutation($unit: UnitInput!) { upsertUnit(unit: $unit) { change } }",
                json!({ "unit": { "code": "LA-MOI", "name": "Chi cục THADS huyện Mới",
                                  "parent": "LA", "level": "OFFICE" } }),
            ),
        ] {
            let (status, answer) = graphql(&server, Some(&tokens.admin), query, variables).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
            assert_eq!(code(&answer), "DATABASE_READ_ONLY", "{backend}: {answer:#}");
            assert_eq!(answer["errors"][0]["message"], READ_ONLY, "{backend}");
        }
        assert_eq!(stored(&t).await, before, "{backend}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_commands_that_write_a_read_only_database_exit_2_with_the_message() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let url = t.read_only_url().await;
        let before = stored(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let (name, bytes) = book(OFFICE_A, 1);
        let workbook = dir.path().join(name);
        std::fs::write(&workbook, bytes).unwrap();
        let units = dir.path().join("units.csv");
        std::fs::write(
            &units,
            "code,name,parent,level,aliases\nLA-MOI,Chi cục THADS huyện Mới,LA,office,\n",
        )
        .unwrap();
        let targets = dir.path().join("targets.csv");
        std::fs::write(&targets, "year,unit,measure,rate\n2021,LA,cases,80\n").unwrap();
        let (workbook, units, targets) = (
            workbook.display().to_string(),
            units.display().to_string(),
            targets.display().to_string(),
        );
        for args in [
            vec!["import", workbook.as_str()],
            vec!["units", "import", units.as_str()],
            vec!["targets", "import", targets.as_str()],
            vec!["tokens", "create", "--role", "viewer"],
        ] {
            let run = thads_on(&url, &args).await;
            assert_eq!(run.code, 2, "{backend}: {args:?}: {run:#?}");
            assert_eq!(
                run.stderr,
                format!("error: {READ_ONLY}\n"),
                "{backend}: {args:?}"
            );
        }
        // A dry run reads only.
        let run = thads_on(
            &url,
            &["import", "--dry-run", "--format", "json", &workbook],
        )
        .await;
        assert_eq!(run.code, 0, "{backend}: {run:#?}");
        assert_eq!(run.single()["status"], "imported", "{backend}: {run:#?}");
        assert_eq!(stored(&t).await, before, "{backend}");
    }
}

#[tokio::test]
async fn a_writer_holding_the_lock_makes_the_check_neither_wait_nor_fail() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        // One connection, so that what the check leaves on it is seen after it.
        let mut options = ConnectOptions::new(t.url.clone());
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.unwrap();
        let sqlite = db.get_database_backend() == DbBackend::Sqlite;
        let kept = if sqlite {
            Some(busy_timeout(&db).await)
        } else {
            None
        };

        // Another writer holds the lock (on SQLite, the only write lock) while the check runs.
        let writer = thads_api::db::open(&t.url).await.unwrap();
        let txn = write::begin(&writer).await.unwrap();
        txn.execute_unprepared("UPDATE units SET name = name WHERE code = 'LA'")
            .await
            .unwrap();
        let check = tokio::time::timeout(Duration::from_secs(2), writable(&db)).await;
        assert!(
            matches!(check, Ok(Ok(true))),
            "{backend}: {check:?} while another writer held the lock"
        );
        txn.rollback().await.unwrap();
        if let Some(kept) = kept {
            assert_eq!(busy_timeout(&db).await, kept, "{backend}: the busy timeout");
        }
    }
}

/// The SQLite connection's busy timeout, in milliseconds.
async fn busy_timeout(db: &DatabaseConnection) -> i64 {
    let sql = Statement::from_string(DbBackend::Sqlite, "PRAGMA busy_timeout");
    let row = db.query_one_raw(sql).await.unwrap().unwrap();
    row.try_get_by_index(0).unwrap()
}
