//! The monthly cycle end to end, over the real CLI and HTTP: a province's period approved with
//! `thads periods approve` locks it for its offices, so that a replacement sent by
//! `thads import` (and its dry run), `POST /api/imports` and `importWorkbooks` is refused with
//! `period_locked` and the stored figures stay as they were; `StatsRow.approved` says which
//! rows are final; reopened with a reason over GraphQL, the same replacement is stored; the
//! history is listed newest first; the consolidated report (text and workbook) says whether
//! it is approved.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::{import, thads};
use crate::upload_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use thads_domain::period::vietnam_today;
use thads_tests::db::{TestDb, each_backend};

/// The province's offices and Tiền Giang's one, by office, for [`PERIOD`]: code, approved,
/// cases resolved, money resolved.
const BY_OFFICE: &str = r#"query($p: PeriodInput!) {
    stats(period: $p, groupBy: [OFFICE]) {
        unit { code } approved cases { resolved } money { resolved } } }"#;

/// The whole of Long An, and the whole country.
const WHOLES: &str = r#"query($p: PeriodInput!) {
    la: stats(period: $p, filter: { units: ["LA"] }) { approved cases { resolved } }
    all: stats(period: $p) { approved } }"#;

fn p() -> Value {
    json!({ "p": { "year": PERIOD.0, "months": PERIOD.1 } })
}

/// The rows of [`BY_OFFICE`] as (code, approved, cases resolved).
async fn by_office(
    server: &thads_api::server::RunningServer,
    token: &str,
) -> Vec<(String, bool, Value)> {
    let data = admin(server, token, BY_OFFICE, p()).await.unwrap();
    data["stats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["unit"]["code"].as_str().unwrap().to_owned(),
                r["approved"].as_bool().unwrap(),
                r["cases"]["resolved"].clone(),
            )
        })
        .collect()
}

/// The figures of every office, without whether they are approved.
async fn figures(server: &thads_api::server::RunningServer, token: &str) -> Value {
    let mut data = admin(server, token, BY_OFFICE, p()).await.unwrap();
    for row in data["stats"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("approved");
    }
    data
}

/// The `period_locked` problem of an outcome, which must be its only error.
fn locked_problem(outcome: &Value) -> &Value {
    let problems = outcome["problems"].as_array().unwrap();
    let errors: Vec<&Value> = problems
        .iter()
        .filter(|p| {
            p["severity"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("error")
        })
        .collect();
    assert_eq!(errors.len(), 1, "{outcome:#}");
    // JSON writes the code as in the files, GraphQL as its enum's value.
    let code = errors[0]["code"].as_str().unwrap();
    assert!(code.eq_ignore_ascii_case("period_locked"), "{outcome:#}");
    errors[0]
}

/// The message of the lock, as the province's approval by "Cục THADS Long An" gives it, in the
/// language asked: the approving unit by its name.
fn assert_lock_message(message: &str) {
    let vietnamese = message.starts_with(
        "kỳ báo cáo 3 tháng năm 2021 của Tỉnh Long An đã được duyệt bởi Cục THADS Long An lúc ",
    ) && message.ends_with(": không nhận báo cáo thay thế");
    let english = message.starts_with(
        "the period 3 tháng năm 2021 of Tỉnh Long An was approved by Cục THADS Long An at ",
    ) && message.ends_with("(UTC+7); no report may replace it");
    assert!(vietnamese || english, "{message}");
    // Names, never codes.
    assert!(!message.contains("LA"), "{message}");
}

/// Writes a file into a folder and returns its path.
fn on_disk(dir: &tempfile::TempDir, file: &File) -> std::path::PathBuf {
    let path = dir.path().join(&file.0);
    std::fs::write(&path, &file.1).unwrap();
    path
}

/// The line at the top of the consolidated workbook's first sheet that says whether its
/// figures are approved (`thads report --unit LA … --out FILE.xlsx`).
async fn workbook_line(t: &TestDb) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("la.xlsx").display().to_string();
    let (year, months) = (PERIOD.0.to_string(), PERIOD.1.to_string());
    let args = [
        "--unit", "LA", "--year", &year, "--months", &months, "--out", &out,
    ];
    let run = crate::report_support::report(t, &args).await;
    assert_eq!(run.code, 0, "{run:#?}");
    let mut book = crate::report_xlsx_support::Book::open(std::fs::read(&out).unwrap());
    let (name, rows) = book.values().remove(0);
    assert_eq!(name, "Mẫu 01");
    rows[0]
        .iter()
        .map(ToString::to_string)
        .find(|cell| cell.starts_with("Số liệu"))
        .unwrap_or_else(|| panic!("{:?}", rows[0]))
}

/// `thads periods ARGS… --db URL`.
async fn periods(t: &TestDb, args: &[&str]) -> crate::import_support::Run {
    let mut all = vec!["periods"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", t.url.as_str()]);
    thads(&all).await
}

#[tokio::test]
async fn approval_locks_every_import_path_until_reopened() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let a = Some(tokens.office_a.as_str());
        let admin_token = tokens.admin.as_str();
        let (status, answer) = send(&server, a, &[book(OFFICE_A, 1)], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let year = PERIOD.0.to_string();
        let months = PERIOD.1.to_string();
        let period = ["--year", year.as_str(), "--months", months.as_str()];

        // Nothing approved yet: every row provisional.
        let rows = by_office(&server, admin_token).await;
        assert!(rows.iter().all(|(_, approved, _)| !approved), "{rows:?}");
        let report =
            crate::report_support::report(&t, &[&["--unit", "LA"][..], &period[..]].concat()).await;
        assert_eq!(report.code, 0, "{report:#?}");
        assert!(
            report
                .stdout
                .trim_end()
                .ends_with("Số liệu tạm tính (chưa duyệt)."),
            "{}",
            report.stdout
        );

        // Approved from the command line.
        let run = periods(
            &t,
            &[
                &["approve", "--unit", "LA", "--by", "Cục THADS Long An"][..],
                &period[..],
            ]
            .concat(),
        )
        .await;
        assert_eq!(run.code, 0, "{backend}: {run:#?}");
        assert!(
            run.stdout
                .starts_with("Đã duyệt kỳ báo cáo 3 tháng năm 2021 của Tỉnh Long An (LA) lúc "),
            "{}",
            run.stdout
        );
        let before = stored(&t).await;
        let shown = figures(&server, admin_token).await;

        // StatsRow.approved: Long An's three offices (Thủ Thừa, which sent nothing, too), not
        // Tiền Giang's; Long An whole, not the country.
        let rows = by_office(&server, admin_token).await;
        let approved: Vec<(&str, bool)> = rows.iter().map(|(c, a, _)| (c.as_str(), *a)).collect();
        assert_eq!(
            approved,
            [
                ("LA-BENLUC", true),
                ("LA-TANTRU", true),
                ("LA-THUTHUA", true),
                ("TG-CAIBE", false)
            ],
            "{backend}"
        );
        let wholes = admin(&server, admin_token, WHOLES, p()).await.unwrap();
        assert_eq!(wholes["la"][0]["approved"], true, "{backend}");
        assert_eq!(wholes["all"][0]["approved"], false, "{backend}");

        // A replacement from the command line, and its dry run: refused, nothing stored.
        let dir = tempfile::tempdir().unwrap();
        let v2 = book(OFFICE_A, 2);
        let path = on_disk(&dir, &v2);
        for extra in [&["--dry-run"][..], &[][..]] {
            let run = import(&t, &[&path], extra).await;
            assert_eq!(run.code, 1, "{backend} {extra:?}: {run:#?}");
            let outcome = run.single();
            assert_eq!(outcome["status"], "rejected", "{outcome:#}");
            assert_lock_message(locked_problem(&outcome)["message"].as_str().unwrap());
        }
        // The text output names the problem with the file.
        let file = path.display().to_string();
        let run = thads(&["import", "--db", &t.url, "--lang", "vi", &file]).await;
        assert_eq!(run.code, 1, "{run:#?}");
        assert!(
            run.stdout.contains(&format!(
                "    {} › kỳ báo cáo 3 tháng năm 2021 của Tỉnh Long An",
                path.display()
            )),
            "{}",
            run.stdout
        );

        // By the office's token over REST (and its dry run) and GraphQL: refused the same way.
        for dry_run in [true, false] {
            let (status, answer) = send(&server, a, std::slice::from_ref(&v2), dry_run).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
            let file = &answer["files"][0];
            assert_eq!(file["status"], "rejected", "{file:#}");
            assert_lock_message(locked_problem(file)["message"].as_str().unwrap());
        }
        let (status, answer) = send_graphql(&server, a, std::slice::from_ref(&v2), false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let outcome = &answer["data"]["importWorkbooks"][0];
        assert_eq!(outcome["status"], "REJECTED", "{answer:#}");
        assert_lock_message(locked_problem(outcome)["message"].as_str().unwrap());
        assert_eq!(
            stored(&t).await.reports,
            before.reports,
            "{backend}: a locked period changed"
        );
        assert_eq!(figures(&server, admin_token).await, shown, "{backend}");

        // The report says the figures are approved, on today's date in Vietnam.
        let report =
            crate::report_support::report(&t, &[&["--unit", "LA"][..], &period[..]].concat()).await;
        let today = vietnam_today().format("%d/%m/%Y").to_string();
        assert!(
            report
                .stdout
                .trim_end()
                .ends_with(&format!("Số liệu đã được duyệt ngày {today}.")),
            "{}",
            report.stdout
        );
        assert_eq!(
            workbook_line(&t).await,
            format!("Số liệu đã được duyệt ngày {today}")
        );

        // Reopened over GraphQL with a reason: the same replacement is stored.
        let reopened = admin(
            &server,
            admin_token,
            r#"mutation($p: PeriodInput!) {
                reopenPeriod(unit: "LA", period: $p, reason: "Tân Trụ sửa số liệu") {
                    unit { code name } period { year months } state by reason at } }"#,
            p(),
        )
        .await
        .unwrap();
        let reopened = &reopened["reopenPeriod"];
        assert_eq!(
            reopened["unit"],
            json!({ "code": "LA", "name": "Tỉnh Long An" })
        );
        assert_eq!(reopened["period"], json!({ "year": 2021, "months": 3 }));
        assert_eq!(reopened["state"], "REOPENED");
        assert_eq!(reopened["by"], "province");
        assert_eq!(reopened["reason"], "Tân Trụ sửa số liệu");
        let rows = by_office(&server, admin_token).await;
        assert!(rows.iter().all(|(_, approved, _)| !approved), "{rows:?}");
        let (status, answer) = send(&server, a, std::slice::from_ref(&v2), false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert_eq!(answer["files"][0]["status"], "replaced", "{answer:#}");
        // Version 2 resolves 10 + 2 criminal cases of 100 instead of 11.
        let tantru = by_office(&server, admin_token)
            .await
            .into_iter()
            .find(|(c, _, _)| c == OFFICE_A)
            .unwrap();
        assert_eq!(tantru.2, json!(12), "{backend}");

        // Approved again over GraphQL; the history, newest first, from both sides.
        let approved = admin(
            &server,
            admin_token,
            r#"mutation($p: PeriodInput!) {
                approvePeriod(unit: "LA", period: $p) { state by reason } }"#,
            p(),
        )
        .await
        .unwrap();
        assert_eq!(
            approved["approvePeriod"],
            json!({ "state": "APPROVED", "by": "province", "reason": null })
        );
        let history = admin(
            &server,
            admin_token,
            r#"{ periodApprovals(unit: "LA-TANTRU", year: 2021) {
                    unit { code } period { months } state by reason } }"#,
            json!({}),
        )
        .await
        .unwrap();
        assert_eq!(
            history["periodApprovals"],
            json!([
                { "unit": { "code": "LA" }, "period": { "months": 3 }, "state": "APPROVED",
                  "by": "province", "reason": null },
                { "unit": { "code": "LA" }, "period": { "months": 3 }, "state": "REOPENED",
                  "by": "province", "reason": "Tân Trụ sửa số liệu" },
                { "unit": { "code": "LA" }, "period": { "months": 3 }, "state": "APPROVED",
                  "by": "Cục THADS Long An", "reason": null },
            ]),
            "{backend}"
        );
        let other_year = admin(
            &server,
            admin_token,
            r#"{ periodApprovals(unit: "LA", year: 2020) { state } }"#,
            json!({}),
        )
        .await
        .unwrap();
        assert_eq!(other_year["periodApprovals"], json!([]));
        let run = periods(&t, &["list", "--unit", "LA", "--year", "2021"]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{}", run.stdout);
        assert!(
            lines[0].contains("  duyệt / approve  3 tháng năm 2021  Tỉnh Long An (LA)  province"),
            "{}",
            run.stdout
        );
        assert!(
            lines[1].ends_with(
                "  mở lại / reopen  3 tháng năm 2021  Tỉnh Long An (LA)  province  lý do / \
                 reason: Tân Trụ sửa số liệu"
            ),
            "{}",
            run.stdout
        );
        assert!(
            lines[2].ends_with(
                "  duyệt / approve  3 tháng năm 2021  Tỉnh Long An (LA)  Cục THADS Long An"
            ),
            "{}",
            run.stdout
        );
        server.stop().await.unwrap();
    }
}
