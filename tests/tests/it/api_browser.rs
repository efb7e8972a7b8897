//! GraphiQL in headless Chromium with no network: the page loads from the server alone, runs
//! a query and shows the answer. Skipped, with a message, where Chromium is not installed
//! (`.ci/run` installs it, so CI always runs it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_http::start;
use crate::api_support::*;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use thads_tests::db::each_backend;

/// How long Chromium may take before the test gives up on it.
const DEADLINE: Duration = Duration::from_secs(90);

/// The Chromium binary: `$THADS_CHROMIUM`, else the first of the usual names on the PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("THADS_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// `text` percent-encoded for a URL's query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The text of a page's DOM: tags removed, the common entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace('\u{a0}', " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Runs headless Chromium on `url`, with every host but 127.0.0.1 unresolvable, and returns
/// the DOM once the page has settled.
fn dump_dom(chromium: &PathBuf, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-proxy-server",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--virtual-time-budget=20000",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("Chromium did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_runs_a_query_in_headless_chromium_without_network() {
    let Some(chromium) = chromium() else {
        thads_tests::skip::skipped(
            "graphiql_runs_a_query_in_headless_chromium_without_network",
            "GraphiQL in a browser",
            "Chromium is not installed",
            "apt-get install -y chromium, or set THADS_CHROMIUM (.ci/run installs it)",
        );
        return;
    };
    for t in each_backend().await {
        let _files = load(&t).await;
        let server = start(&t).await;
        let query = r#"{ stats(period: {year: 2020, months: 9}, filter: {units: ["LA-BENLUC"]}) {
  officesReported cases { rate target } } ranked: unit(code: "LA-BENLUC") { name } }"#;
        let url = server.url(&format!("/?run=1&query={}", encode(query)));
        let browser = chromium.clone();
        let dom = tokio::task::spawn_blocking(move || dump_dom(&browser, &url))
            .await
            .unwrap();
        let text = text_of(&dom);
        // The answer is in the result pane: the office's name (not in the query) and its rate.
        for part in [
            "\"name\": \"Chi cục Thi hành án dân sự huyện Bến Lức\"",
            "\"rate\": 60",
            "\"target\": 75",
        ] {
            assert!(
                text.contains(part),
                "{}: {part:?} is not on the page; its text:\n{text}",
                t.backend()
            );
        }
        server.stop().await.unwrap();
    }
}
