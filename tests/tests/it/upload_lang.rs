//! The language of the problems over HTTP: `POST /api/imports` in Vietnamese by default, in
//! English with `Accept-Language: en`, as the `lang` field says when it is given, always with
//! both in `messages`; GraphQL's `message(lang: EN)`; units named by their registry names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::upload_support::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form as Multipart, Part};
use serde_json::{Value, json};
use thads_api::server::RunningServer;
use thads_tests::db::each_backend;

/// The problem `code` of the first file of an answer.
fn first_problem<'a>(answer: &'a Value, code: &str) -> &'a Value {
    answer["files"][0]["problems"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {answer:#}"))
}

/// Sends files to `POST /api/imports` with an `Accept-Language` header and an optional `lang`
/// field.
async fn send_in(
    server: &RunningServer,
    token: &str,
    file: &File,
    accept: Option<&str>,
    lang: Option<&str>,
) -> (StatusCode, Value) {
    let mut form = Multipart::new().part(
        "files",
        Part::bytes(file.1.clone()).file_name(file.0.clone()),
    );
    if let Some(lang) = lang {
        form = form.text("lang", lang.to_owned());
    }
    let mut request = client()
        .post(server.url("/api/imports"))
        .bearer_auth(token)
        .multipart(form);
    if let Some(accept) = accept {
        request = request.header("Accept-Language", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn rest_answers_in_the_language_asked_for() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let (bad, cell) = broken();
        let vi = "cần một số, nhưng ô ghi \"mười\"";
        let en = "expected a number, found \"mười\"";
        let cases = [
            (None, None, vi),
            (Some("en-US,en;q=0.9"), None, en),
            (Some("fr, vi;q=0.5"), None, vi),
            (Some("en"), Some("vi"), vi),
            (None, Some("en"), en),
        ];
        for (accept, lang, expected) in cases {
            let (status, answer) = send_in(&server, &tokens.office_a, &bad, accept, lang).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
            let p = first_problem(&answer, "not_a_number");
            assert_eq!(p["message"], expected, "{accept:?} {lang:?}");
            assert_eq!(p["messages"], json!({ "vi": vi, "en": en }));
            assert_eq!(p["cell"], cell.as_str());
        }
        let (status, answer) = send_in(&server, &tokens.office_a, &bad, None, Some("fr")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer:#}");

        // Another office's workbook: both offices named by their registry names.
        let other = book(OFFICE_B, 1);
        let (_, answer) = send_in(&server, &tokens.office_a, &other, Some("en"), None).await;
        let p = first_problem(&answer, "wrong_office");
        assert_eq!(
            p["messages"],
            json!({
                "vi": "bảng tính này là báo cáo của Chi cục Thi hành án dân sự huyện Bến Lức \
                       (LA-BENLUC); người gửi chỉ được nhập báo cáo của Chi cục Thi hành án dân \
                       sự huyện Tân Trụ (LA-TANTRU)",
                "en": "this workbook reports for Chi cục Thi hành án dân sự huyện Bến Lức \
                       (LA-BENLUC); this sender may import only the reports of Chi cục Thi hành \
                       án dân sự huyện Tân Trụ (LA-TANTRU)",
            })
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn graphql_gives_the_message_in_either_language() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let (bad, cell) = broken();
        let operations = json!({
            "query": "mutation Send($files: [Upload!]!) { importWorkbooks(files: $files) {
                problems { code cell vi: message en: message(lang: EN) cells } } }",
            "variables": { "files": [null] },
        });
        let form = Multipart::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.files.0"] }).to_string())
            .part("0", Part::bytes(bad.1.clone()).file_name(bad.0.clone()));
        let (status, answer) =
            post_form(&server, "/graphql", Some(tokens.office_a.as_str()), form).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let problems = answer["data"]["importWorkbooks"][0]["problems"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer:#}"));
        let p = problems
            .iter()
            .find(|p| p["code"] == "NOT_A_NUMBER")
            .unwrap_or_else(|| panic!("{answer:#}"));
        assert_eq!(p["cell"], cell.as_str());
        assert_eq!(p["vi"], "cần một số, nhưng ô ghi \"mười\"");
        assert_eq!(p["en"], "expected a number, found \"mười\"");
        assert_eq!(p["cells"], json!([]));

        // The import history tells the same problem, in the language asked for.
        let (_, history) = graphql(
            &server,
            Some(tokens.office_a.as_str()),
            "{ imports(limit: 1) { items { problems { code message(lang: EN) } } } }",
            Value::Null,
        )
        .await;
        let recorded = &history["data"]["imports"]["items"][0]["problems"];
        assert!(
            recorded.as_array().is_some_and(|ps| ps
                .iter()
                .any(|p| p["message"] == "expected a number, found \"mười\"")),
            "{history:#}"
        );
        server.stop().await.unwrap();
    }
}
