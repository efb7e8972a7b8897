//! The dashboard at `/dashboard`: served from the binary with its vendored Chart.js under a
//! self-only policy; and, in headless Chromium driven by `chromedriver` (which can reach
//! 127.0.0.1 only), a leader pastes a viewer's token and reads the province: every tile, chart
//! and table equals what the API answers, the pickers change the URL and the figures, a click
//! on an office opens its own view, the page fits a phone's width, and the console stays clean.
//! Screenshots at desktop and phone width are written under `target/screenshots/` for a
//! person to look at. Skipped, with a message, where Chromium or chromedriver is missing,
//! except on CI (`CI=true`), which must run it (`.ci/run` installs both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_browser::chromium;
use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::{client, graphql, server, tokens};
use crate::upload_webdriver::{Browser, chromedriver};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use thads_api::server::RunningServer;
use thads_tests::db::each_backend;

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn the_dashboard_and_its_assets_are_served_locally() {
    for t in each_backend().await {
        let server = server(&t, false).await;
        let page = client().get(server.url("/dashboard")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        let csp = page.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self'"),
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        let html = page.text().await.unwrap();
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(!html.contains("<style") && !html.contains(" style=") && !html.contains("onclick"));
        for (asset, kind, cache) in [
            (
                "/assets/thads/dashboard.js",
                "text/javascript; charset=utf-8",
                "no-cache",
            ),
            (
                "/assets/thads/dashboard.css",
                "text/css; charset=utf-8",
                "no-cache",
            ),
            (
                "/assets/chartjs/4.6.1/chart.umd.min.js",
                "text/javascript; charset=utf-8",
                "public, max-age=31536000, immutable",
            ),
        ] {
            assert!(html.contains(asset), "{asset}");
            let r = client().get(server.url(asset)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{asset}");
            assert_eq!(r.headers()[CONTENT_TYPE], kind, "{asset}");
            assert_eq!(r.headers()[CACHE_CONTROL], cache, "{asset}");
        }
        // The vendored library is the one its licence and version file describe.
        let vendored = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/assets/chartjs");
        let versions = std::fs::read_to_string(vendored.join("VERSIONS")).unwrap();
        assert_eq!(versions.trim(), "chart.js 4.6.1 (MIT)");
        assert!(vendored.join("LICENSE.chartjs.md").is_file());
        server.stop().await.unwrap();
    }
}

/// What the page shows of a unit and period, read by the test from the API itself.
const FIGURES: &str = "query ($period: PeriodInput!, $unit: String!, $year: Int!) {
  unit(code: $unit) { name }
  whole: stats(period: $period, filter: {units: [$unit]}) { officesExpected officesReported
    cases { enforceable resolved rate target proratedTarget gapToTarget previousYear { rate } }
    money { enforceable resolved rate target proratedTarget gapToTarget previousYear { rate } } }
  offices: stats(period: $period, filter: {units: [$unit]}, groupBy: [OFFICE]) {
    unit { code name } cases { rate target } money { rate target } }
  types: stats(period: $period, filter: {units: [$unit]}, groupBy: [CASE_TYPE]) {
    caseType { code } cases { enforceable resolved notEnforceable }
    money { enforceable resolved notEnforceable } }
  series(year: $year, filter: {units: [$unit]}) { period { months }
    cases { rate proratedTarget } money { rate proratedTarget } }
  completeness(period: $period, unit: $unit) { unit { code } form timeliness received { at } }
}";

async fn figures(server: &RunningServer, token: &str, unit: &str, period: (i32, u8)) -> Value {
    let variables = json!({
        "period": { "year": period.0, "months": period.1 }, "unit": unit, "year": period.0
    });
    let (status, body) = graphql(server, Some(token), FIGURES, variables).await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert!(body["errors"].is_null(), "{body:#}");
    body["data"].clone()
}

/// A number the page holds in a `data-value` (empty: none), as JSON.
fn number(text: &Value) -> Value {
    match text.as_str() {
        None | Some("") => Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}")),
    }
}

/// Two JSON numbers (or nulls) as the same value, whether written as integers or floats.
fn same(page: &Value, api: &Value) -> bool {
    match (page.as_f64(), api.as_f64()) {
        (Some(a), Some(b)) => a == b,
        (None, None) => page.is_null() && api.is_null(),
        _ => false,
    }
}

/// A rate as the page writes it: "53,33 %".
fn vietnamese(rate: f64) -> String {
    format!("{rate:.2} %").replace('.', ",")
}

/// Waits for the page to have drawn the view of `search` (e.g. `unit=LA&period=2020-9`).
async fn ready(browser: &Browser, search: &str) {
    browser
        .wait_for(
            &format!(
                "return document.body.dataset.state === 'ready' && \
                 location.search === '?{search}'"
            ),
            WAIT,
        )
        .await;
}

/// Every tile's figure by key: its `data-value` and its text.
async fn tiles(browser: &Browser) -> Value {
    browser
        .run(
            "const out = {}; document.querySelectorAll('.tiles [data-key]').forEach(n => \
             { out[n.dataset.key] = [n.dataset.value, n.textContent]; }); return out;",
        )
        .await
}

/// Checks the tiles against the API's whole figures.
async fn check_tiles(browser: &Browser, api: &Value) {
    let shown = tiles(browser).await;
    let whole = &api["whole"][0];
    for measure in ["cases", "money"] {
        for field in [
            "enforceable",
            "resolved",
            "rate",
            "target",
            "proratedTarget",
            "gapToTarget",
        ] {
            let key = format!("{measure}.{field}");
            let page = number(&shown[&key][0]);
            assert!(
                same(&page, &whole[measure][field]),
                "{key}: page {page}, API {}",
                whole[measure][field]
            );
        }
        let key = format!("{measure}.previousYear.rate");
        let before = &whole[measure]["previousYear"]["rate"];
        assert!(same(&number(&shown[&key][0]), before), "{key}");
        if let Some(rate) = whole[measure]["rate"].as_f64() {
            assert_eq!(shown[&format!("{measure}.rate")][1], vietnamese(rate));
        }
    }
    for key in ["officesReported", "officesExpected"] {
        assert!(same(&number(&shown[key][0]), &whole[key]), "{key}");
    }
}

/// Checks a ranking chart against the API: the offices with a rate, lowest first, with their
/// targets.
async fn check_ranking(browser: &Browser, api: &Value, measure: &str) {
    let chart = browser
        .run(&format!(
            "const c = Chart.getChart('rank-{measure}'); return {{ labels: c.data.labels, \
             rates: c.data.datasets[0].data, targets: c.data.datasets[1].data }};"
        ))
        .await;
    let mut offices: Vec<&Value> = api["offices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o[measure]["rate"].is_number())
        .collect();
    offices.sort_by(|a, b| {
        let (x, y) = (a[measure]["rate"].as_f64(), b[measure]["rate"].as_f64());
        x.partial_cmp(&y)
            .unwrap()
            .then_with(|| a["unit"]["code"].as_str().cmp(&b["unit"]["code"].as_str()))
    });
    // Each bar is labelled with the end of its office's name ("huyện Tân Trụ").
    let labels = chart["labels"].as_array().unwrap();
    assert_eq!(labels.len(), offices.len(), "{measure}");
    for (label, office) in labels.iter().zip(&offices) {
        let (label, name) = (
            label.as_str().unwrap(),
            office["unit"]["name"].as_str().unwrap(),
        );
        assert!(
            name.ends_with(label) && label.starts_with("huyện "),
            "{label} for {name}"
        );
    }
    for (i, office) in offices.iter().enumerate() {
        assert!(
            same(&chart["rates"][i], &office[measure]["rate"]),
            "{measure} rate {i}"
        );
        assert!(
            same(&chart["targets"][i], &office[measure]["target"]),
            "{measure} target {i}"
        );
    }
}

/// Checks the month-by-month charts against the API's series.
async fn check_series(browser: &Browser, api: &Value) {
    let mut months: Vec<&Value> = api["series"].as_array().unwrap().iter().collect();
    months.sort_by_key(|r| r["period"]["months"].as_i64());
    for measure in ["cases", "money"] {
        let chart = browser
            .run(&format!(
                "const c = Chart.getChart('series-{measure}'); return {{ labels: c.data.labels, \
                 rates: c.data.datasets[0].data, pace: c.data.datasets[1].data }};"
            ))
            .await;
        let labels: Vec<String> = months
            .iter()
            .map(|r| format!("T{}", r["period"]["months"]))
            .collect();
        assert_eq!(chart["labels"], json!(labels));
        for (i, row) in months.iter().enumerate() {
            assert!(
                same(&chart["rates"][i], &row[measure]["rate"]),
                "{measure} month {i}"
            );
            assert!(
                same(&chart["pace"][i], &row[measure]["proratedTarget"]),
                "{measure} pace {i}"
            );
        }
    }
}

/// Checks the case types' table against the API: unfinished is enforceable − resolved.
async fn check_types(browser: &Browser, api: &Value) {
    let shown = browser
        .run(
            "const out = {}; document.querySelectorAll('#types tr[data-case-type]').forEach(r => \
             { const v = {}; r.querySelectorAll('[data-key]').forEach(n => v[n.dataset.key] = \
             n.dataset.value); out[r.dataset.caseType] = v; }); return out;",
        )
        .await;
    let types = api["types"].as_array().unwrap();
    assert!(!types.is_empty());
    for row in types {
        let code = row["caseType"]["code"].as_str().unwrap();
        for measure in ["cases", "money"] {
            let m = &row[measure];
            let unfinished = match (m["enforceable"].as_i64(), m["resolved"].as_i64()) {
                (Some(e), Some(r)) => json!(e - r),
                _ => Value::Null,
            };
            let page = &shown[code];
            assert!(
                same(&number(&page[format!("{measure}.unfinished")]), &unfinished),
                "{code} {measure}"
            );
            assert!(
                same(
                    &number(&page[format!("{measure}.notEnforceable")]),
                    &m["notEnforceable"]
                ),
                "{code} {measure}"
            );
        }
    }
    // The charts: one bar per case type with something unfinished or not enforceable, in
    // the API's order of the case types.
    for measure in ["cases", "money"] {
        let chart = browser
            .run(&format!(
                "const c = Chart.getChart('types-{measure}'); return {{                  unfinished: c.data.datasets[0].data, waiting: c.data.datasets[1].data }};"
            ))
            .await;
        let mut expected_unfinished = Vec::new();
        let mut expected_waiting = Vec::new();
        for row in types {
            let m = &row[measure];
            let (e, r) = (m["enforceable"].as_i64(), m["resolved"].as_i64());
            let unfinished = e.zip(r).map(|(e, r)| e - r);
            let waiting = m["notEnforceable"].as_i64();
            if unfinished.unwrap_or(0) > 0 || waiting.unwrap_or(0) > 0 {
                expected_unfinished.push(json!(unfinished));
                expected_waiting.push(json!(waiting));
            }
        }
        assert_eq!(chart["unfinished"], json!(expected_unfinished), "{measure}");
        assert_eq!(chart["waiting"], json!(expected_waiting), "{measure}");
    }
}

/// Checks the period's column of the completeness table against the API.
async fn check_completeness(browser: &Browser, api: &Value, months: u8) {
    let shown = browser
        .run(&format!(
            "const out = {{}}; document.querySelectorAll('#completeness tr[data-unit]').forEach(r => \
             {{ const c = r.querySelector('td[data-months=\"{months}\"]'); \
             out[r.dataset.unit] = c && c.dataset.state; }}); return out;"
        ))
        .await;
    let statuses = api["completeness"].as_array().unwrap();
    let mut offices: Vec<&str> = statuses
        .iter()
        .map(|s| s["unit"]["code"].as_str().unwrap())
        .collect();
    offices.dedup();
    assert_eq!(shown.as_object().unwrap().len(), offices.len(), "{shown:#}");
    for office in offices {
        let forms: Vec<&Value> = statuses
            .iter()
            .filter(|s| s["unit"]["code"] == office)
            .collect();
        let received = forms.iter().filter(|s| !s["received"].is_null()).count();
        let judged = |t: &str| forms.iter().any(|s| s["timeliness"] == t);
        let state = if received == forms.len() {
            if judged("LATE") { "late" } else { "received" }
        } else if received > 0 {
            "partial"
        } else if judged("OVERDUE") {
            "overdue"
        } else if judged("PENDING") {
            "pending"
        } else {
            "missing"
        };
        assert_eq!(shown[office], state, "{office}");
    }
}

/// Where the screenshots go: `target/screenshots/`, never committed.
fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_reads_the_province_in_headless_chromium() {
    let (Some(chromium), Some(driver)) = (chromium(), chromedriver()) else {
        thads_tests::skip::skipped(
            "a_leader_reads_the_province_in_headless_chromium",
            "the dashboard in a browser",
            "Chromium or chromedriver is not installed",
            "apt-get install -y chromium chromium-driver, or set THADS_CHROMIUM and \
             THADS_CHROMEDRIVER (.ci/run installs them)",
        );
        return;
    };
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        // Reports due on the 5th: those of 2020, stored now, arrived late or not at all.
        let due = thads(&[
            "deadlines",
            "set",
            "--db",
            &t.url,
            "--unit",
            "LA",
            "--day",
            "5",
        ])
        .await;
        assert_eq!(due.code, 0, "{due:#?}");
        let server = server(&t, false).await;
        let browser = Browser::start(&driver, &chromium).await;

        // Reads need a token here: the page asks for one, then shows the province.
        browser
            .open(&server.url("/dashboard?unit=LA&period=2020-9"))
            .await;
        browser
            .wait_for("return document.body.dataset.state === 'failed'", WAIT)
            .await;
        assert_eq!(
            browser
                .run("return document.getElementById('login').hidden")
                .await,
            false
        );
        // Refused requests are the only errors so far.
        for error in browser.console_errors().await {
            assert!(error.contains("401"), "{backend}: {error}");
        }
        browser.type_into("#token", &tokens.viewer).await;
        browser.click("#use-token").await;
        ready(&browser, "unit=LA&period=2020-9").await;

        let api = figures(&server, &tokens.viewer, "LA", (2020, 9)).await;
        assert_eq!(
            browser
                .run("return document.getElementById('title').textContent")
                .await,
            api["unit"]["name"]
        );
        check_tiles(&browser, &api).await;
        check_ranking(&browser, &api, "cases").await;
        check_ranking(&browser, &api, "money").await;
        check_series(&browser, &api).await;
        check_types(&browser, &api).await;
        check_completeness(&browser, &api, 9).await;
        let states = browser
            .run(
                "return [...document.querySelectorAll('#completeness td[data-months=\"9\"]')]\
                 .map(c => c.dataset.state).sort();",
            )
            .await;
        assert_eq!(states, json!(["late", "late", "overdue"]), "{backend}");

        let dir = screenshots();
        browser.resize(1280, 2600).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        browser
            .screenshot(&dir.join(format!("dashboard-desktop-{backend}.png")))
            .await;
        browser.resize(390, 2600).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            browser
                .run("return document.documentElement.scrollWidth <= window.innerWidth")
                .await,
            true,
            "{backend}: the page is wider than a phone"
        );
        browser
            .screenshot(&dir.join(format!("dashboard-phone-{backend}.png")))
            .await;
        println!(
            "screenshots of the dashboard ({backend}) in {}",
            dir.display()
        );
        browser.resize(1280, 900).await;

        // The period picker: the URL and the figures follow it.
        browser
            .run(
                "const s = document.getElementById('period'); s.value = '2019-9'; \
                 s.dispatchEvent(new Event('change'));",
            )
            .await;
        ready(&browser, "unit=LA&period=2019-9").await;
        check_tiles(
            &browser,
            &figures(&server, &tokens.viewer, "LA", (2019, 9)).await,
        )
        .await;

        // The unit picker: the nation.
        browser
            .run(
                "const s = document.getElementById('unit'); s.value = 'VN'; \
                 s.dispatchEvent(new Event('change'));",
            )
            .await;
        ready(&browser, "unit=VN&period=2019-9").await;
        check_tiles(
            &browser,
            &figures(&server, &tokens.viewer, "VN", (2019, 9)).await,
        )
        .await;

        // Back to 2020-9; a click on the lowest office in cases opens its own view.
        browser.run("history.back(); return true;").await;
        ready(&browser, "unit=LA&period=2019-9").await;
        browser.run("history.back(); return true;").await;
        ready(&browser, "unit=LA&period=2020-9").await;
        browser
            .run("document.querySelector('#ranking-card details').open = true; return true;")
            .await;
        let lowest = browser
            .run("return document.querySelector('#ranking tbody tr').dataset.unit")
            .await;
        let lowest = lowest.as_str().unwrap().to_owned();
        let by_hand = api["offices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["cases"]["rate"].is_number())
            .min_by(|a, b| {
                let (x, y) = (a["cases"]["rate"].as_f64(), b["cases"]["rate"].as_f64());
                x.partial_cmp(&y).unwrap()
            })
            .unwrap();
        assert_eq!(by_hand["unit"]["code"], lowest.as_str());
        browser.click("#ranking tbody tr a.office").await;
        ready(&browser, &format!("unit={lowest}&period=2020-9")).await;
        let office = figures(&server, &tokens.viewer, &lowest, (2020, 9)).await;
        check_tiles(&browser, &office).await;
        check_series(&browser, &office).await;
        assert_eq!(
            browser
                .run("return document.getElementById('ranking-card').hidden")
                .await,
            true,
            "an office has no offices to rank"
        );

        // The unit's report, downloaded with the token.
        browser.click("#downloads button[data-format='text']").await;
        browser
            .wait_for(
                "return document.getElementById('status').textContent.startsWith('Đã tải báo cáo')",
                WAIT,
            )
            .await;

        let errors = browser.console_errors().await;
        assert!(errors.is_empty(), "{backend}: {errors:#?}");
        browser.quit().await;
        server.stop().await.unwrap();
    }
}
