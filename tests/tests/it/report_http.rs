//! `GET /api/report` on a real server: the same paragraph, ranking and workbook as `thads report`, with
//! the access rules of queries for every kind of caller, and each bad request refused with its
//! status and code, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::report_support::report;
use crate::report_xlsx_support::{Book, written};
use crate::upload_support::{client, server, tokens};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap};
use serde_json::Value;
use thads_api::server::RunningServer;
use thads_tests::db::each_backend;

const LA_2020_9: &str = "/api/report?unit=LA&year=2020&months=9";

/// The status, content type and body of a GET, with a token when given.
async fn get(
    server: &RunningServer,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, String, String) {
    let mut request = client().get(server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

/// The status, headers and bytes of a GET, with a token when given.
async fn get_bytes(
    server: &RunningServer,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = client().get(server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The code of a refusal's body.
fn code(body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    json["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_report_over_http_for_every_caller() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let closed = server(&t, false).await;
        let public = server(&t, true).await;
        let cli = report(&t, &["--unit", "LA", "--year", "2020", "--months", "9"]).await;
        assert_eq!(cli.code, 0, "{cli:#?}");
        assert!(
            cli.stdout.starts_with("9 tháng năm 2020, toàn tỉnh"),
            "{}",
            cli.stdout
        );

        // Readers get it; the anonymous only where reads are public; a revoked token never.
        let readers = [
            ("viewer", &closed, Some(tokens.viewer.as_str())),
            ("office", &closed, Some(tokens.office_a.as_str())),
            ("admin", &closed, Some(tokens.admin.as_str())),
            ("anonymous, public reads", &public, None),
        ];
        for (who, server, token) in readers {
            let (status, kind, body) = get(server, LA_2020_9, token).await;
            assert_eq!(status, StatusCode::OK, "{backend} {who}: {body}");
            assert_eq!(kind, "text/plain; charset=utf-8", "{backend} {who}");
            assert_eq!(body, cli.stdout, "{backend} {who}");
        }
        for (who, token) in [
            ("anonymous", None),
            ("revoked", Some(tokens.revoked.as_str())),
        ] {
            let (status, _, body) = get(&closed, LA_2020_9, token).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend} {who}");
            assert_eq!(code(&body), "UNAUTHENTICATED", "{backend} {who}");
        }

        // The ranking, named for saving.
        let csv = report(
            &t,
            &[
                "--unit", "LA", "--year", "2020", "--months", "9", "--format", "csv",
            ],
        )
        .await;
        let response = client()
            .get(closed.url(&format!("{LA_2020_9}&format=csv")))
            .bearer_auth(&tokens.viewer)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{backend}");
        assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            response.headers()[CONTENT_DISPOSITION],
            "inline; filename=\"bao-cao-LA-2020-9.csv\""
        );
        assert_eq!(response.text().await.unwrap(), csv.stdout, "{backend}");

        // The workbook, for every reader, named for saving; the same sheets and cells as the
        // one `thads report --out` writes (the files differ only in their creation time).
        let cli = Book::open(written(&t, "LA").await).values();
        for (who, server, token) in readers {
            let response = get_bytes(server, &format!("{LA_2020_9}&format=xlsx"), token).await;
            let (status, headers, body) = response;
            assert_eq!(status, StatusCode::OK, "{backend} {who}");
            assert_eq!(
                headers[CONTENT_TYPE],
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            );
            assert_eq!(
                headers[CONTENT_DISPOSITION],
                "attachment; filename=\"bao-cao-LA-2020-9.xlsx\""
            );
            assert_eq!(Book::open(body).values(), cli, "{backend} {who}");
        }
        for (who, token) in [
            ("anonymous", None),
            ("revoked", Some(tokens.revoked.as_str())),
        ] {
            let (status, _, body) = get(&closed, &format!("{LA_2020_9}&format=xlsx"), token).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend} {who}");
            assert_eq!(code(&body), "UNAUTHENTICATED", "{backend} {who}");
        }
        // An office's workbook has no ranking, and is no refusal.
        let path = "/api/report?unit=LA-TANTRU&year=2020&months=9&format=xlsx";
        let (status, headers, body) = get_bytes(&closed, path, Some(&tokens.viewer)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(
            headers[CONTENT_DISPOSITION],
            "attachment; filename=\"bao-cao-LA-TANTRU-2020-9.xlsx\""
        );
        assert_eq!(
            Book::open(body).names(),
            ["Mẫu 01", "Mẫu 02", "Tình hình nhận báo cáo"]
        );

        // Bad requests: status and code.
        let refusals = [
            (
                "/api/report?unit=XX&year=2020&months=9",
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
            ),
            (
                "/api/report?unit=LA&year=2030&months=9",
                StatusCode::NOT_FOUND,
                "NO_REPORTS",
            ),
            (
                "/api/report?unit=LA-TANTRU&year=2020&months=9&format=csv",
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
            ),
            (
                "/api/report?unit=LA&year=2020&months=13",
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
            ),
            (
                "/api/report?unit=LA&year=2020&months=9&lowest=1000",
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
            ),
            (
                "/api/report?year=2020&months=9",
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
            ),
            (
                "/api/report?unit=LA&year=2020&months=9&format=pdf",
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
            ),
        ];
        for (path, status, expected) in refusals {
            let (found, _, body) = get(&closed, path, Some(&tokens.viewer)).await;
            assert_eq!(found, status, "{backend} {path}: {body}");
            assert_eq!(code(&body), expected, "{backend} {path}: {body}");
        }
        closed.stop().await.unwrap();
        public.stop().await.unwrap();
    }
}
