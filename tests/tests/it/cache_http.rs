//! The response cache over real HTTP: a repeated query is answered without executing it, and
//! no answer is ever stale, whoever writes (an upload to this server, `thads import` on its own
//! connection, the admin's mutations, the registry files through the domain service, a direct
//! edit of the figures in `report_rows`), on both databases. Whether an answer came from the cache is seen in the statements the server runs
//! (sea-orm's metric callback): a cached answer costs the one read of the data's revision.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use thads_api::server::{RunningServer, ServerConfig, spawn_with};
use thads_domain::services::registry::import_units_csv;
use thads_tests::db::{TestDb, each_backend};

/// What a dashboard asks again and again: one province's figures for the period of the
/// uploads, its offices and the length of the import history.
const DASHBOARD: &str = r#"{
  stats(period: {year: 2021, months: 3}, filter: {units: ["LA"]}) {
    cases { enforceable resolved target }
    money { target }
  }
  units(parent: "LA") { code name }
  imports(limit: 1) { total }
}"#;

const SET_TARGET: &str = "mutation($year: Int!, $unit: String!, $measure: Form!, $rate: Float!) {
    setTarget(year: $year, unit: $unit, measure: $measure, rate: $rate) { change } }";
const UPSERT_UNIT: &str = "mutation($unit: UnitInput!) { upsertUnit(unit: $unit) { change } }";

/// Counts the statements run on the test database's connection (the server's), from the
/// moment it is installed.
fn count_statements(t: &mut TestDb) -> Arc<AtomicUsize> {
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&counter);
    t.db.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });
    counter
}

/// A server over the test database, anyone allowed to read, the response cache keeping
/// `entries` answers.
async fn start(t: &TestDb, entries: usize) -> RunningServer {
    let config = ServerConfig {
        response_cache_entries: entries,
        ..ServerConfig::public_read()
    };
    spawn_with(t.db.clone(), "127.0.0.1:0", config)
        .await
        .unwrap()
}

/// Asks `query` without a token (no statement to authenticate it); returns the answer and how
/// many statements the server ran for it.
async fn ask(server: &RunningServer, counter: &AtomicUsize, query: &str) -> (Value, usize) {
    counter.store(0, Ordering::SeqCst);
    let (status, answer) = graphql(server, None, query, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{answer:#}");
    (answer, counter.load(Ordering::SeqCst))
}

/// Asks the dashboard twice: the first answer is executed (the test wrote just before), the
/// second comes from the cache and is the same. Returns its data.
async fn dashboard(server: &RunningServer, counter: &AtomicUsize, backend: &str) -> Value {
    let (first, executed) = ask(server, counter, DASHBOARD).await;
    assert!(first.get("errors").is_none(), "{backend}: {first:#}");
    assert!(
        executed > 1,
        "{backend}: {executed} statements: not executed"
    );
    let (again, cached) = ask(server, counter, DASHBOARD).await;
    assert_eq!(cached, 1, "{backend}: not answered from the cache");
    assert_eq!(again, first, "{backend}");
    first["data"].clone()
}

/// The figures of the dashboard that the writes change.
fn figures(data: &Value) -> Value {
    let stats = &data["stats"][0];
    let names: Vec<&Value> = data["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["name"])
        .collect();
    json!({
        "enforceable": stats["cases"]["enforceable"],
        "resolved": stats["cases"]["resolved"],
        "casesTarget": stats["cases"]["target"],
        "moneyTarget": stats["money"]["target"],
        "names": names,
        "imports": data["imports"]["total"],
    })
}

/// Writes a registry CSV into a temporary file and runs `thads units|targets import` on it.
async fn registry_file(t: &TestDb, what: &str, csv: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{what}.csv"));
    std::fs::write(&path, csv).unwrap();
    let run = thads(&[what, "import", &path.display().to_string(), "--db", &t.url]).await;
    assert_eq!(run.code, 0, "{run:#?}");
}

#[tokio::test]
async fn no_answer_is_stale_after_any_write() {
    for mut t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let counter = count_statements(&mut t);
        let server = start(&t, ServerConfig::default().response_cache_entries).await;
        let before = figures(&dashboard(&server, &counter, backend).await);
        let imports = before["imports"].as_u64().unwrap();
        let mut expected = before.clone();

        // (a) An office uploads its workbook to this server.
        let (status, answer) =
            send(&server, Some(&tokens.office_a), &[book(OFFICE_A, 1)], false).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        expected["enforceable"] = json!(100);
        expected["resolved"] = json!(11);
        expected["imports"] = json!(imports + 1);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after an upload");

        // (b) `thads import` stores a workbook through its own connection, not the server.
        let dir = tempfile::tempdir().unwrap();
        let (name, bytes) = book(OFFICE_B, 1);
        let path = dir.path().join(&name);
        std::fs::write(&path, bytes).unwrap();
        let run = thads(&["import", "--db", &t.url, &path.display().to_string()]).await;
        assert_eq!(run.code, 0, "{backend}: {run:#?}");
        expected["enforceable"] = json!(200);
        expected["resolved"] = json!(22);
        expected["imports"] = json!(imports + 2);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after `thads import`");

        // (d) A new version replaces office A's report (the GraphQL multipart mutation).
        let (status, answer) =
            send_graphql(&server, Some(&tokens.office_a), &[book(OFFICE_A, 5)], false).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(
            answer["data"]["importWorkbooks"][0]["status"], "REPLACED",
            "{backend}: {answer:#}"
        );
        expected["resolved"] = json!(26);
        expected["imports"] = json!(imports + 3);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after a report was replaced");

        // A rejected file changes no figure, but the import history.
        let ((broken_name, broken_bytes), _) = broken();
        let (status, answer) = send(
            &server,
            Some(&tokens.office_a),
            &[(broken_name, broken_bytes)],
            false,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {answer:#}"
        );
        expected["imports"] = json!(imports + 4);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after a rejected file");

        // (c) The admin sets a target with `setTarget`…
        let (status, answer) = graphql(
            &server,
            Some(&tokens.admin),
            SET_TARGET,
            json!({ "year": 2021, "unit": "LA", "measure": "CASES", "rate": 55.0 }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(
            answer["data"]["setTarget"]["change"], "CREATED",
            "{answer:#}"
        );
        expected["casesTarget"] = json!(55.0);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after setTarget");

        // … and `thads targets import` another.
        registry_file(&t, "targets", "year,unit,measure,rate\n2021,LA,money,33\n").await;
        expected["moneyTarget"] = json!(33.0);
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert_eq!(now, expected, "{backend}: after `thads targets import`");

        // The admin renames an office with `upsertUnit`…
        let office = |name: &str| json!({ "unit": { "code": OFFICE_A, "name": name, "parent": "LA", "level": "OFFICE" } });
        let (status, answer) = graphql(
            &server,
            Some(&tokens.admin),
            UPSERT_UNIT,
            office("Chi cục THADS huyện Tân Trụ (mới)"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(
            answer["data"]["upsertUnit"]["change"], "UPDATED",
            "{answer:#}"
        );
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert!(
            now["names"]
                .as_array()
                .unwrap()
                .contains(&json!("Chi cục THADS huyện Tân Trụ (mới)")),
            "{backend}: after upsertUnit: {now:#}"
        );
        expected["names"] = now["names"].clone();
        assert_eq!(now, expected, "{backend}: after upsertUnit");

        // … and the units file renames another, through the domain service on a connection
        // of its own, as `thads units import` does.
        let other = thads_api::db::connect(&t.url).await.unwrap();
        let csv = "code,name,parent,level,aliases\n\
                   LA-BENLUC,Chi cục THADS huyện Bến Lức (mới),LA,office,huyện Bến Lức\n";
        import_units_csv(&other, csv.as_bytes()).await.unwrap();
        other.close().await.unwrap();
        let now = figures(&dashboard(&server, &counter, backend).await);
        assert!(
            now["names"]
                .as_array()
                .unwrap()
                .contains(&json!("Chi cục THADS huyện Bến Lức (mới)")),
            "{backend}: after the units file: {now:#}"
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_direct_edit_of_report_rows_is_seen_at_once() {
    // Tân Trụ's cases of 2020-9: criminal 100 enforceable, on request 50 (api_support).
    const TANTRU: &str = r#"{ stats(period: {year: 2020, months: 9}, filter: {units: ["LA-TANTRU"]}) {
        cases { enforceable } } }"#;
    // A statistician corrects a figure where it lies, touching no report.
    const CORRECT: &str = "UPDATE report_rows SET enforceable = enforceable + 7 \
        WHERE case_type_id = (SELECT id FROM case_types WHERE code = 'active.criminal') \
        AND report_id = (SELECT id FROM reports WHERE is_current AND form = 'cases' \
        AND year = 2020 AND months = 9 \
        AND unit_id = (SELECT id FROM units WHERE code = 'LA-TANTRU'))";
    for mut t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let counter = count_statements(&mut t);
        let server = start(&t, ServerConfig::default().response_cache_entries).await;
        let enforceable =
            |answer: &Value| answer["data"]["stats"][0]["cases"]["enforceable"].clone();
        let (first, executed) = ask(&server, &counter, TANTRU).await;
        assert!(executed > 1, "{backend}: {executed}");
        assert_eq!(enforceable(&first), json!(150), "{backend}: {first:#}");
        let (again, cached) = ask(&server, &counter, TANTRU).await;
        assert_eq!(
            (cached, again),
            (1, first),
            "{backend}: not answered from the cache"
        );

        let other = thads_api::db::open(&t.url).await.unwrap();
        let edited = other.execute_unprepared(CORRECT).await.unwrap();
        assert_eq!(edited.rows_affected(), 1, "{backend}");
        other.close().await.unwrap();
        let (now, executed) = ask(&server, &counter, TANTRU).await;
        assert!(executed > 1, "{backend}: the stale answer was served");
        assert_eq!(enforceable(&now), json!(157), "{backend}: {now:#}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn without_the_cache_every_request_executes() {
    for mut t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let counter = count_statements(&mut t);
        let server = start(&t, 0).await;
        let (first, executed) = ask(&server, &counter, DASHBOARD).await;
        let (again, executed_again) = ask(&server, &counter, DASHBOARD).await;
        assert_eq!(again, first, "{backend}");
        assert!(executed > 1, "{backend}: {executed}");
        assert_eq!(executed_again, executed, "{backend}: answered from a cache");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn an_answer_with_errors_is_not_kept() {
    for mut t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let counter = count_statements(&mut t);
        let server = start(&t, ServerConfig::default().response_cache_entries).await;
        // The periods are read, then the statistics fail: a partial answer with an error.
        let failing = "{ periods { year months } stats(period: {year: 2020, months: 13}) { cases { rate } } }";
        let (first, executed) = ask(&server, &counter, failing).await;
        assert_eq!(code(&first), "BAD_USER_INPUT", "{backend}: {first:#}");
        assert!(executed > 1, "{backend}: {executed}");
        let (again, executed_again) = ask(&server, &counter, failing).await;
        assert_eq!(again, first, "{backend}");
        assert_eq!(executed_again, executed, "{backend}: an error was cached");
        // The same without the error is kept.
        let fine = "{ periods { year months } }";
        let (_, executed) = ask(&server, &counter, fine).await;
        assert!(executed > 1, "{backend}: {executed}");
        let (_, cached) = ask(&server, &counter, fine).await;
        assert_eq!(cached, 1, "{backend}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn callers_never_see_each_others_answers() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        // Reads need a token here.
        let server = server(&t, false).await;
        for (token, unit) in [(&tokens.office_a, OFFICE_A), (&tokens.office_b, OFFICE_B)] {
            let (status, answer) = send(&server, Some(token), &[book(unit, 1)], false).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        }
        let history = "{ imports(limit: 100) { total items { unit { code } } } }";
        let units_of = |answer: &Value| -> Vec<String> {
            let mut codes: Vec<String> = answer["data"]["imports"]["items"]
                .as_array()
                .unwrap_or_else(|| panic!("{answer:#}"))
                .iter()
                .filter_map(|i| i["unit"]["code"].as_str().map(str::to_owned))
                .collect();
            codes.sort();
            codes.dedup();
            codes
        };
        // Every answer asked twice, so that each caller's second one is a cached one.
        for _ in 0..2 {
            let (_, admin) = graphql(&server, Some(&tokens.admin), history, Value::Null).await;
            let all = units_of(&admin);
            assert!(all.len() > 2, "{backend}: {admin:#}");
            let (_, viewer) = graphql(&server, Some(&tokens.viewer), history, Value::Null).await;
            assert_eq!(viewer, admin, "{backend}");
            for (token, unit) in [(&tokens.office_a, OFFICE_A), (&tokens.office_b, OFFICE_B)] {
                let (_, office) = graphql(&server, Some(token), history, Value::Null).await;
                assert_eq!(
                    units_of(&office),
                    vec![unit.to_owned()],
                    "{backend}: {office:#}"
                );
            }
            let (status, anonymous) = graphql(&server, None, history, Value::Null).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}: {anonymous:#}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn mutations_are_never_answered_from_the_cache() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let target = json!({ "year": 2021, "unit": "LA", "measure": "MONEY", "rate": 40.0 });
        let mut changes = Vec::new();
        for _ in 0..2 {
            let (status, answer) =
                graphql(&server, Some(&tokens.admin), SET_TARGET, target.clone()).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
            changes.push(answer["data"]["setTarget"]["change"].clone());
        }
        assert_eq!(changes, [json!("CREATED"), json!("UNCHANGED")], "{backend}");
        // A file sent twice is stored, then found unchanged.
        let file = book(OFFICE_A, 1);
        let mut statuses = Vec::new();
        for _ in 0..2 {
            let (status, answer) = send_graphql(
                &server,
                Some(&tokens.office_a),
                std::slice::from_ref(&file),
                false,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
            statuses.push(answer["data"]["importWorkbooks"][0]["status"].clone());
        }
        assert_eq!(
            statuses,
            [json!("IMPORTED"), json!("UNCHANGED")],
            "{backend}"
        );
        server.stop().await.unwrap();
    }
}
