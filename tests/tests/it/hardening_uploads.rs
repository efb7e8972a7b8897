//! Issue 9's attacks on uploads, over real HTTP on both databases: slow bodies that held every
//! upload slot, one upload stored many times by aliases, and a file placed at many paths.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use crate::api_support::load;
use crate::hardening_support::{raw, raw_status};
use crate::upload_support::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use std::time::{Duration, Instant};
use thads_api::server::{CONCURRENT_UPLOADS, RunningServer, ServerConfig, spawn_with};
use thads_tests::db::{TestDb, each_backend};
use tokio::net::TcpStream;

const BOUNDARY: &str = "thads-test-boundary";

/// Starts a GraphQL multipart request that declares `declared` bytes and sends only its
/// first part: a sender too slow to finish.
async fn slow_upload(server: &RunningServer, token: Option<&str>, declared: usize) -> TcpStream {
    let auth = token.map_or(String::new(), |t| format!("\r\nAuthorization: Bearer {t}"));
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; \
         boundary={BOUNDARY}\r\nContent-Length: {declared}{auth}",
        server.addr()
    );
    let start = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{{\"query\":"
    );
    raw(server, &head, start.as_bytes()).await
}

/// A server anyone may read from, whose upload bodies must arrive within `grace`.
async fn server_with_grace(t: &TestDb, grace: Duration) -> RunningServer {
    let config = ServerConfig {
        body_grace: grace,
        ..ServerConfig::public_read()
    };
    spawn_with(t.db.clone(), "127.0.0.1:0", config)
        .await
        .unwrap()
}

#[tokio::test]
async fn slow_senders_cannot_hold_the_upload_slots() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server_with_grace(&t, Duration::from_secs(60)).await;

        // Anonymous readers and viewers may not import: they are refused at once, before
        // their bodies are read, and hold no slot.
        let mut refused = Vec::new();
        // Kept open to the end: the server must not be waiting for them.
        let mut held = Vec::new();
        for token in [None, Some(tokens.viewer.as_str())] {
            for _ in 0..CONCURRENT_UPLOADS {
                let mut stream = slow_upload(&server, token, 10 << 20).await;
                refused.push(raw_status(&mut stream, Duration::from_secs(2)).await);
                held.push(stream);
            }
        }
        assert_eq!(
            refused,
            [
                [Some(401); CONCURRENT_UPLOADS],
                [Some(403); CONCURRENT_UPLOADS]
            ]
            .concat(),
            "{}",
            t.backend()
        );

        // An office that starts more slow uploads than there are slots holds only its own.
        let mut office_a = Vec::new();
        for _ in 0..CONCURRENT_UPLOADS + 1 {
            office_a.push(slow_upload(&server, Some(&tokens.office_a), 10 << 20).await);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        let (status, answer) =
            send_graphql(&server, Some(&tokens.office_b), &[book(OFFICE_B, 1)], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert_eq!(answer["data"]["importWorkbooks"][0]["status"], "IMPORTED");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{}: office B waited {:?}",
            t.backend(),
            started.elapsed()
        );
        drop((office_a, held));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_frees_its_slot() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server_with_grace(&t, Duration::from_secs(1)).await;
        let started = Instant::now();
        let mut stream = slow_upload(&server, Some(&tokens.office_a), 4096).await;
        let status = raw_status(&mut stream, Duration::from_secs(10)).await;
        assert_eq!(status, Some(408), "{}", t.backend());
        assert!(started.elapsed() < Duration::from_secs(5));
        // The office's slot is free again.
        let (status, answer) =
            send_graphql(&server, Some(&tokens.office_a), &[book(OFFICE_A, 1)], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn one_upload_is_stored_once() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server_with_grace(&t, Duration::from_secs(60)).await;
        let admin = Some(tokens.admin.as_str());
        let files = [book(OFFICE_A, 1), book(OFFICE_B, 1)];
        let before = stored(&t).await;

        // Nineteen aliases of importWorkbooks over one map of files.
        let aliases: String = (0..19)
            .map(|i| format!("a{i}: importWorkbooks(files: $f) {{ status }} "))
            .collect();
        let operations = json!({
            "query": format!("mutation($f: [Upload!]!) {{ {aliases} }}"),
            "variables": { "f": [null, null] },
        });
        let mut form = Form::new().text("operations", operations.to_string()).text(
            "map",
            json!({ "0": ["variables.f.0"], "1": ["variables.f.1"] }).to_string(),
        );
        for (i, (name, bytes)) in files.iter().enumerate() {
            form = form.part(
                i.to_string(),
                Part::bytes(bytes.clone()).file_name(name.clone()),
            );
        }
        let (status, answer) = post_form(&server, "/graphql", admin, form).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{}: {answer:#}",
            t.backend()
        );
        let message = answer["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("19 calls"), "{message}");
        assert_eq!(stored(&t).await, before);

        // The same through a fragment, twice.
        let operations = json!({
            "query": "mutation($f: [Upload!]!) { ...Send ...Send2 }
                fragment Send on Mutation { importWorkbooks(files: $f) { status } }
                fragment Send2 on Mutation { again: importWorkbooks(files: $f) { status } }",
            "variables": { "f": [null] },
        });
        let form = Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.f.0"] }).to_string())
            .part("0", Part::bytes(files[0].1.clone()).file_name("a.xlsx"));
        let (status, _) = post_form(&server, "/graphql", admin, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", t.backend());

        // One file placed at two paths of one call.
        let operations = json!({
            "query": "mutation($f: [Upload!]!) { importWorkbooks(files: $f) { status } }",
            "variables": { "f": [null, null] },
        });
        let form = Form::new()
            .text("operations", operations.to_string())
            .text(
                "map",
                json!({ "0": ["variables.f.0", "variables.f.1"] }).to_string(),
            )
            .part("0", Part::bytes(files[0].1.clone()).file_name("a.xlsx"));
        let (status, answer) = post_form(&server, "/graphql", admin, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer:#}");
        let message = answer["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("exactly one path"), "{message}");
        assert_eq!(stored(&t).await, before);

        // Sent once, each file is stored once.
        let (status, answer) = send_graphql(&server, admin, &files, false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let after = stored(&t).await;
        assert_eq!(after.imports, before.imports + 2, "{}", t.backend());
        server.stop().await.unwrap();
    }
}
