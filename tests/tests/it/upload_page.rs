//! The upload page at `/upload`: served from the binary under a self-only policy, and, in
//! headless Chromium driven by `chromedriver`, a clerk pastes the token, chooses a good and a
//! broken workbook, sends them and reads each outcome and problem in Vietnamese; the token is
//! remembered. Skipped, with a message, where Chromium or chromedriver is missing, except on
//! CI (`CI=true`), which must run it (`.ci/run` installs both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_browser::chromium;
use crate::api_support::load;
use crate::upload_support::*;
use crate::upload_webdriver::{Browser, chromedriver};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use std::time::Duration;
use thads_tests::db::each_backend;

#[tokio::test]
async fn the_upload_page_and_its_assets_are_served_locally() {
    for t in each_backend().await {
        // The page needs no token, even where reads do.
        let server = server(&t, false).await;
        let page = client().get(server.url("/upload")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self'"),
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
        assert!(
            !html.contains("<style") && !html.contains("onclick"),
            "inline code is refused by the policy"
        );
        for (asset, kind) in [
            ("/assets/thads/upload.js", "text/javascript; charset=utf-8"),
            ("/assets/thads/upload.css", "text/css; charset=utf-8"),
        ] {
            assert!(html.contains(asset), "{asset}");
            let r = client().get(server.url(asset)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{asset}");
            assert_eq!(r.headers()[CONTENT_TYPE], kind);
            assert_eq!(r.headers()[CACHE_CONTROL], "no-cache");
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("http://") && !body.contains("https://"),
                "{asset}"
            );
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_uploads_workbooks_in_headless_chromium_and_reads_the_outcome() {
    let (Some(chromium), Some(driver)) = (chromium(), chromedriver()) else {
        thads_tests::skip::skipped(
            "a_clerk_uploads_workbooks_in_headless_chromium_and_reads_the_outcome",
            "the upload page in a browser",
            "Chromium or chromedriver is not installed",
            "apt-get install -y chromium chromium-driver, or set THADS_CHROMIUM and \
             THADS_CHROMEDRIVER (.ci/run installs them)",
        );
        return;
    };
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("tantru-2021-03.xlsx");
        std::fs::write(&good, book(OFFICE_A, 50).1).unwrap();
        let ((_, broken_bytes), cell) = broken();
        let bad = dir.path().join("tantru-loi.xlsx");
        std::fs::write(&bad, broken_bytes).unwrap();

        let browser = Browser::start(&driver, &chromium).await;
        browser.open(&server.url("/upload")).await;
        browser.type_into("#token", &tokens.office_a).await;
        browser
            .type_into("#files", &format!("{}\n{}", good.display(), bad.display()))
            .await;
        browser.click("#send").await;
        browser
            .wait_for(
                "return document.querySelectorAll('#results .file').length === 2",
                Duration::from_secs(60),
            )
            .await;
        let text = browser
            .run("return document.getElementById('results').innerText + '\\n' + document.getElementById('status').innerText")
            .await;
        let text = text.as_str().unwrap();
        for part in [
            "tantru-2021-03.xlsx",
            "Đã nhập",
            "Imported",
            "Đơn vị LA-TANTRU",
            "3 tháng năm 2021",
            "Mẫu 01/TK-THA (việc): đã nhập",
            "tantru-loi.xlsx",
            "Bị từ chối",
            "Lỗi (error)",
            "trang \"01-TK\"",
            &format!("ô {cell}"),
            "dòng \"1. Hình sự\"",
            "cột (8) Thi hành xong",
            // The server's messages: Vietnamese, and English beneath.
            "cần một số, nhưng ô ghi \"mười\"",
            "expected a number, found \"mười\"",
            "2 tệp: 1 đã nhập, 0 không đổi, 1 bị từ chối.",
        ] {
            assert!(
                text.contains(part),
                "{}: {part:?} is not on the page:\n{text}",
                t.backend()
            );
        }
        let statuses = browser
            .run("return Array.from(document.querySelectorAll('#results .file')).map(e => e.dataset.status)")
            .await;
        assert_eq!(statuses, serde_json::json!(["imported", "rejected"]));
        // The cell's problem: its Vietnamese message first, the English one on the next line.
        let shown = browser
            .run(
                "var li = document.querySelector('#results li[data-code=\"not_a_number\"]');
                 var vi = li.querySelector('.vi'), en = li.querySelector('.en');
                 return [vi.textContent, vi.lang, en.textContent, en.lang,
                         vi.nextElementSibling === en,
                         en.getBoundingClientRect().top > vi.getBoundingClientRect().top];",
            )
            .await;
        assert_eq!(
            shown,
            serde_json::json!([
                "cần một số, nhưng ô ghi \"mười\"",
                "vi",
                "expected a number, found \"mười\"",
                "en",
                true,
                true
            ]),
            "{}",
            t.backend()
        );
        // Stored, and sent by office A's token.
        let current = stored(&t).await.reports;
        assert!(
            current
                .iter()
                .any(|r| r.unit == OFFICE_A && r.year == PERIOD.0 && r.is_current),
            "{current:?}"
        );

        // The token is remembered: a new visit finds it in place.
        browser.open(&server.url("/upload")).await;
        let remembered = browser
            .run("return document.getElementById('token').value")
            .await;
        assert_eq!(remembered, serde_json::json!(tokens.office_a));
        browser.quit().await;
        server.stop().await.unwrap();
    }
}
