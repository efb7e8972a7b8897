//! `POST /api/imports` over real HTTP: valid, broken and mixed uploads with the outcome
//! `thads import --format json` gives, dry runs, the bounds (file size, request size, number
//! of files, time), the wrong office, malformed forms, and who sent what.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use thads_api::server::{ServerConfig, spawn_with};
use thads_tests::db::each_backend;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn valid_broken_mixed_and_dry_run_uploads() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let a = Some(tokens.office_a.as_str());
        let v1 = book(OFFICE_A, 1);

        // A dry run answers what `thads import --dry-run --format json` prints, stores nothing.
        let before = stored(&t).await;
        let (status, answer) = send(&server, a, std::slice::from_ref(&v1), true).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert_eq!(answer["dryRun"], true);
        assert_eq!(
            stored(&t).await,
            before,
            "{}: a dry run stored something",
            t.backend()
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(&v1.0);
        std::fs::write(&path, &v1.1).unwrap();
        let cli = thads(&[
            "import",
            "--dry-run",
            "--format",
            "json",
            "--db",
            &t.url,
            &path.display().to_string(),
        ])
        .await
        .single();
        let mut uploaded = answer["files"][0].clone();
        uploaded["path"] = cli["path"].clone();
        assert_eq!(uploaded, cli, "{}", t.backend());

        let (status, answer) = send(&server, a, std::slice::from_ref(&v1), false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let file = &answer["files"][0];
        assert_eq!(file["path"], v1.0);
        assert_eq!(file["status"], "imported");
        assert_eq!(file["unit"], OFFICE_A);
        assert_eq!(
            file["period"],
            json!({ "year": 2021, "months": 3, "label": "3 tháng năm 2021" })
        );
        assert_eq!(
            file["forms"],
            json!([{ "form": "cases", "status": "imported" }, { "form": "money", "status": "imported" }])
        );
        assert_eq!(file["problems"], json!([]));
        assert!(file["import_id"].is_i64(), "{file:#}");
        assert_eq!(
            answer["summary"],
            json!({ "imported": 1, "replaced": 0, "unchanged": 0, "rejected": 0, "skipped": 0,
                    "consistent": 0, "inconsistent": 0, "warnings": 0 })
        );
        let (_, answer) = send(&server, a, std::slice::from_ref(&v1), false).await;
        assert_eq!(answer["files"][0]["status"], "unchanged", "{answer:#}");

        // A broken file: 422, every problem with its sheet and cell, nothing of it stored.
        let before = stored(&t).await;
        let (bad, cell) = broken();
        let (status, answer) = send(&server, a, std::slice::from_ref(&bad), false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        let file = &answer["files"][0];
        assert_eq!(file["status"], "rejected");
        let problem = file["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == "not_a_number")
            .unwrap_or_else(|| panic!("{file:#}"));
        assert_eq!(problem["sheet"], "01-TK");
        assert_eq!(problem["cell"], cell);
        assert_eq!(problem["severity"], "error");
        assert!(problem["column"]["heading"].is_string(), "{problem:#}");
        assert_eq!(stored(&t).await.reports, before.reports);
        assert_eq!(answer["summary"]["rejected"], 1);

        // Mixed: the good one is stored, the broken one is not; 422.
        let v2 = book(OFFICE_A, 2);
        let (status, answer) = send(&server, a, &[bad, v2], false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        assert_eq!(answer["files"][0]["status"], "rejected");
        assert_eq!(answer["files"][1]["status"], "replaced");
        let history: Vec<_> = stored(&t)
            .await
            .reports
            .into_iter()
            .filter(|r| r.unit == OFFICE_A && r.months == 3 && r.form == thads_domain::Form::Cases)
            .collect();
        assert_eq!(history.len(), 2, "{history:?}");
        assert_eq!(history.iter().filter(|r| r.is_current).count(), 1);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn oversized_files_oversized_requests_and_too_many_files() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let admin = Some(tokens.admin.as_str());

        // A file over 20 MiB is rejected alone, as `thads import` rejects it.
        let big = ("big.xlsx".to_owned(), vec![b'x'; (20 << 20) + 1]);
        let (status, answer) = send(&server, admin, &[big, book(OFFICE_A, 1)], false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.backend());
        assert_eq!(answer["files"][0]["status"], "rejected");
        assert_eq!(answer["files"][0]["problems"][0]["code"], "file_too_large");
        assert_eq!(answer["files"][1]["status"], "imported");

        // Over 64 MiB in all: 413, nothing read or stored.
        let before = stored(&t).await;
        let huge: Vec<File> = (0..4)
            .map(|i| (format!("part{i}.xlsx"), vec![b'x'; 17 << 20]))
            .collect();
        let (status, answer) = send(&server, admin, &huge, false).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:#}");
        assert_eq!(code(&answer), "PAYLOAD_TOO_LARGE");
        assert_eq!(stored(&t).await, before);

        // More than 50 files: 413, nothing stored, by either path.
        let many: Vec<File> = (0..51)
            .map(|i| (format!("f{i}.xlsx"), vec![b'x'; 10]))
            .collect();
        let (status, answer) = send(&server, admin, &many, false).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:#}");
        assert_eq!(code(&answer), "TOO_MANY_FILES");
        let (status, answer) = send_graphql(&server, admin, &many, false).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:#}");
        assert_eq!(code(&answer), "TOO_MANY_FILES");
        // … nor by naming one file in 51 places of the GraphQL map.
        let operations = json!({
            "query": "mutation($f: [Upload!]!) { importWorkbooks(files: $f) { status } }",
            "variables": { "f": vec![Value::Null; 51] },
        });
        let places: Vec<String> = (0..51).map(|i| format!("variables.f.{i}")).collect();
        let form = Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": places }).to_string())
            .part("0", Part::bytes(book(OFFICE_A, 2).1).file_name("a.xlsx"));
        let (status, _) = post_form(&server, "/graphql", admin, form).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(stored(&t).await, before);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_wrong_office_and_malformed_forms_are_refused() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let b = Some(tokens.office_b.as_str());

        // Office B sends office A's report: rejected, recorded, no report changed.
        let before = stored(&t).await;
        let (status, answer) =
            send(&server, b, &[book(OFFICE_A, 1), book(OFFICE_B, 1)], false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        let file = &answer["files"][0];
        assert_eq!(file["status"], "rejected");
        assert_eq!(file["unit"], OFFICE_A);
        assert_eq!(file["problems"][0]["code"], "wrong_office");
        assert!(
            file["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains(OFFICE_B)
        );
        assert_eq!(answer["files"][1]["status"], "imported");
        let after = stored(&t).await;
        assert_eq!(after.imports, before.imports + 2);
        let changed: Vec<_> = after
            .reports
            .iter()
            .filter(|r| !before.reports.contains(r))
            .collect();
        assert!(changed.iter().all(|r| r.unit == OFFICE_B), "{changed:?}");

        // Forms that are not what the endpoint takes: 400, nothing stored.
        let before = stored(&t).await;
        for (form, words) in [
            (Form::new().text("dryRun", "true"), "no workbook"),
            (
                Form::new().part("file", Part::bytes(book(OFFICE_B, 2).1).file_name("b.xlsx")),
                "unexpected field \"file\"",
            ),
            (
                Form::new().text("dryRun", "maybe").part(
                    "files",
                    Part::bytes(book(OFFICE_B, 2).1).file_name("b.xlsx"),
                ),
                "dryRun must be true or false",
            ),
        ] {
            let (status, answer) = post_form(&server, "/api/imports", b, form).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(code(&answer), "BAD_REQUEST");
            let message = answer["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(words), "{message}");
        }
        let r = client()
            .post(server.url("/api/imports"))
            .bearer_auth(&tokens.office_b)
            .json(&json!({ "files": [] }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(stored(&t).await, before);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn who_sent_what_is_recorded_and_an_office_sees_only_its_own() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let (a, b, admin) = (
            Some(tokens.office_a.as_str()),
            Some(tokens.office_b.as_str()),
            Some(tokens.admin.as_str()),
        );
        send(&server, a, &[book(OFFICE_A, 1)], false).await;
        send(&server, b, &[book(OFFICE_B, 1), book(OFFICE_A, 9)], false).await;
        send_graphql(&server, admin, &[book(OFFICE_A, 2)], false).await;

        let query = "{ imports(limit: 100) { total items { fileName source status
            unit { code } sentBy { tokenId name role } } } }";
        let items = |answer: &Value| {
            answer["data"]["imports"]["items"]
                .as_array()
                .unwrap()
                .clone()
        };
        let (_, all) = graphql(&server, admin, query, Value::Null).await;
        let all = items(&all);
        // Newest first: the admin's, office B's two, office A's, then the command line's.
        let senders: Vec<(Value, Value)> = all[..4]
            .iter()
            .map(|i| (i["sentBy"]["name"].clone(), i["sentBy"]["role"].clone()))
            .collect();
        assert_eq!(
            senders,
            [
                (json!("province"), json!("ADMIN")),
                (json!("Bến Lức clerk"), json!("OFFICE")),
                (json!("Bến Lức clerk"), json!("OFFICE")),
                (json!("Tân Trụ clerk"), json!("OFFICE")),
            ]
        );
        assert_eq!(all[0]["source"], "token:province");
        assert!(all[4..].iter().all(|i| i["sentBy"].is_null() && i["source"].as_str().unwrap().starts_with("cli:")));

        // An office sees its own office's imports and those its tokens sent, no others.
        for (token, office, name) in [
            (a, OFFICE_A, "Tân Trụ clerk"),
            (b, OFFICE_B, "Bến Lức clerk"),
        ] {
            let (status, answer) = graphql(&server, token, query, Value::Null).await;
            assert_eq!(status, StatusCode::OK, "{answer:#}");
            let seen = items(&answer);
            let expected: Vec<&Value> = all
                .iter()
                .filter(|i| i["unit"]["code"] == office || i["sentBy"]["name"] == name)
                .collect();
            assert_eq!(seen.iter().collect::<Vec<_>>(), expected, "{office}");
            assert_eq!(answer["data"]["imports"]["total"], json!(expected.len()));
            assert!(seen.len() < all.len());
        }
        // Office B sees its attempt at office A's report, not office A's own uploads.
        let (_, seen) = graphql(&server, b, query, Value::Null).await;
        assert!(
            items(&seen).iter().all(
                |i| i["sentBy"]["name"] != "Tân Trụ clerk" && i["sentBy"]["name"] != "province"
            )
        );
        let (_, viewer) = graphql(&server, Some(&tokens.viewer), query, Value::Null).await;
        assert_eq!(items(&viewer), all);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_answered_408_and_stores_nothing() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let config = ServerConfig {
            request_timeout: Duration::from_secs(1),
            ..ServerConfig::default()
        };
        let server = spawn_with(t.db.clone(), "127.0.0.1:0", config)
            .await
            .unwrap();
        let before = stored(&t).await;
        // A body announced and never sent.
        let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
        let head = format!(
            "POST /api/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
             Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n",
            tokens.office_a
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let started = Instant::now();
        let mut response = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
                .await
                .expect("no answer within 10 s")
                .unwrap();
            response.extend_from_slice(&buf[..n]);
            if n == 0 || String::from_utf8_lossy(&response).contains("REQUEST_TIMEOUT") {
                break;
            }
        }
        let text = String::from_utf8_lossy(&response);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(stored(&t).await, before);
        server.stop().await.unwrap();
    }
}
