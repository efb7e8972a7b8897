//! A consolidated report — the province's own Mẫu 01 and Mẫu 02 — is checked against the sum of
//! its offices' stored reports, never stored: `thads import --dry-run` says it is consistent,
//! or names every cell that differs; a real import refuses it; the same over HTTP. On both
//! databases, with the hand-made province of `report_support`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{Place, Run, at, errors, reports, thads, warnings, write};
use crate::report_support::{load_province, province_values};
use crate::stats_support::AC;
use crate::upload_support::{send, server, tokens};
use reqwest::StatusCode;
use serde_json::Value;
use std::path::Path;
use thads_domain::{Field, Form, Period};
use thads_tests::db::{TestDb, each_backend};
use thads_tests::fixtures::{MoneyUnit, Values, WorkbookSpec};

/// The province's consolidated workbook of 2020-9 holding `values`, its header naming
/// `unit` after "Đơn vị báo cáo:".
fn consolidated(unit: &str, values: Values) -> WorkbookSpec {
    let period = Period::new(2020, 9).unwrap();
    WorkbookSpec::new("Long An", "tỉnh Long An", period, 1)
        .money_unit(MoneyUnit::Dong)
        .with_values(values)
        .unit_name(unit)
}

/// `thads import --db URL --format json ARGS… FILE`.
async fn import(t: &TestDb, args: &[&str], file: &Path) -> Run {
    let file = file.display().to_string();
    let mut argv = vec![
        "import",
        "--db",
        t.url.as_str(),
        "--format",
        "json",
        "--lang",
        "en",
    ];
    argv.extend_from_slice(args);
    argv.push(&file);
    thads(&argv).await
}

/// The message of each warning of an outcome with this code, by sheet.
fn warned(outcome: &Value, code: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = warnings(outcome)
        .into_iter()
        .filter(|w| w["code"] == code)
        .map(|w| {
            let s = |k: &str| w[k].as_str().unwrap_or_default().to_owned();
            (s("sheet"), s("message"))
        })
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_consolidated_report_equal_to_its_offices_is_consistent() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = consolidated("Tỉnh Long An", province_values());
        let file = write(dir.path(), "long-an-2020-09.xlsx", &spec);
        let before = reports(&t).await;

        let run = import(&t, &["--dry-run"], &file).await;
        assert_eq!(run.code, 0, "{}: {run:#?}", t.backend());
        let outcome = run.single();
        assert_eq!(outcome["status"], "consistent", "{outcome:#}");
        assert_eq!(outcome["unit"], "LA");
        assert_eq!(errors(&outcome), Vec::<Place>::new());
        // Thạnh Hóa sent nothing, Đức Hòa no money: the sums lack them, and the report says so.
        let missing = warned(&outcome, "offices_missing");
        assert_eq!(missing.len(), 2, "{missing:#?}");
        let (cases, money) = (&missing[0], &missing[1]);
        assert_eq!(cases.0, spec.sheet_name(Form::Cases).unwrap());
        assert!(cases.1.contains("Thạnh Hóa") && !cases.1.contains("Đức Hòa"));
        assert_eq!(money.0, spec.sheet_name(Form::Money).unwrap());
        assert!(money.1.contains("Thạnh Hóa") && money.1.contains("Đức Hòa"));
        assert_eq!(reports(&t).await, before, "a dry run stored something");

        // In words, with the count in the summary.
        let file = file.display().to_string();
        let text = thads(&["import", "--db", &t.url, "--dry-run", &file]).await;
        assert_eq!(text.code, 0, "{text:#?}");
        assert!(text.stdout.starts_with("consistent"), "{}", text.stdout);
        assert!(
            text.stdout.contains("1 consistent, 0 inconsistent"),
            "{}",
            text.stdout
        );
    }
}

#[tokio::test]
async fn the_workbook_thads_writes_is_consistent() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        for unit in ["LA", "VN"] {
            let file = dir.path().join(format!("{unit}.xlsx"));
            let out = file.display().to_string();
            let args = [
                "--unit", unit, "--year", "2020", "--months", "9", "--out", &out,
            ];
            let mut argv = vec!["report", "--db", t.url.as_str()];
            argv.extend_from_slice(&args);
            let written = thads(&argv).await;
            assert_eq!(written.code, 0, "{written:#?}");
            let run = import(&t, &["--dry-run"], &file).await;
            assert_eq!(run.code, 0, "{}: {unit}: {run:#?}", t.backend());
            let outcome = run.single();
            assert_eq!(outcome["status"], "consistent", "{outcome:#}");
            assert_eq!(outcome["unit"], unit);
            assert_eq!(errors(&outcome), Vec::<Place>::new());
        }
    }
}

#[tokio::test]
async fn every_cell_that_differs_is_named() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        // One more case of "Hình sự" finished instead of in progress: the sheet still holds
        // every identity, but three of its cells differ from the offices' sums.
        let mut values = province_values();
        let mut leaf = *values.cases.leaf(AC).unwrap();
        leaf.set(Field::Completed, leaf.get(Field::Completed) + 1);
        leaf.set(Field::InProgress, leaf.get(Field::InProgress) - 1);
        leaf.set(Field::CarriedForward, leaf.get(Field::CarriedForward) - 1);
        assert!(values.cases.set_leaf(AC, leaf));
        let spec = consolidated("Tỉnh Long An", values);
        let file = write(dir.path(), "long-an-2020-09.xlsx", &spec);

        let run = import(&t, &["--dry-run"], &file).await;
        assert_eq!(run.code, 1, "{}: {run:#?}", t.backend());
        let outcome = run.single();
        assert_eq!(outcome["status"], "inconsistent", "{outcome:#}");
        let sheet = spec.sheet_name(Form::Cases).unwrap();
        let cell = |field| spec.cell(Form::Cases, AC, field).unwrap();
        let mut expected = vec![
            at("differs_from_offices", sheet, &cell(Field::Completed)),
            at("differs_from_offices", sheet, &cell(Field::InProgress)),
            at("differs_from_offices", sheet, &cell(Field::CarriedForward)),
        ];
        expected.sort();
        assert_eq!(errors(&outcome), expected);
        // Each names its row, its column and both values.
        let completed = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["cell"] == cell(Field::Completed).as_str())
            .unwrap();
        let stored = province_values()
            .cases
            .leaf(AC)
            .unwrap()
            .get(Field::Completed);
        assert_eq!(completed["row"], "1. Hình sự");
        assert_eq!(completed["column"]["number"], 8);
        assert!(
            completed["message"].as_str().unwrap().contains(&format!(
                "says {} cases, the offices' stored reports add up to {stored} cases (a difference of +1)",
                stored + 1
            )),
            "{completed:#}"
        );
        // In Vietnamese, the numbers in Vietnamese notation.
        let vi = completed["messages"]["vi"].as_str().unwrap();
        let dotted = |n: i64| thads_domain::notation::count(n);
        assert_eq!(
            vi,
            format!(
                "báo cáo ghi {} việc, tổng các báo cáo đã lưu của các cơ quan là {} việc \
                 (chênh lệch +1)",
                dotted(stored + 1),
                dotted(stored)
            ),
            "{completed:#}"
        );
    }
}

#[tokio::test]
async fn a_real_import_refuses_a_consolidated_report() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = consolidated("Tỉnh Long An", province_values());
        let file = write(dir.path(), "long-an-2020-09.xlsx", &spec);
        let before = reports(&t).await;
        let run = import(&t, &[], &file).await;
        assert_eq!(run.code, 1, "{}: {run:#?}", t.backend());
        let outcome = run.single();
        assert_eq!(outcome["status"], "rejected");
        assert_eq!(errors(&outcome), vec![at_file("consolidated_report")]);
        // The unit named by its registry name, in both languages.
        let messages = &outcome["problems"][0]["messages"];
        assert!(
            messages["vi"]
                .as_str()
                .unwrap()
                .starts_with("bảng tính này là báo cáo tổng hợp của Tỉnh Long An (LA), "),
            "{messages:#}"
        );
        assert!(
            messages["en"]
                .as_str()
                .unwrap()
                .starts_with("this workbook is the consolidated report of Tỉnh Long An (LA), "),
            "{messages:#}"
        );
        assert_eq!(
            reports(&t).await,
            before,
            "the province's figures were stored"
        );
    }
}

/// A problem of the whole file, as `errors` lists it.
fn at_file(code: &str) -> Place {
    (code.to_owned(), None, None)
}

#[tokio::test]
async fn the_department_s_name_is_its_own_office_unless_the_header_says_whole_province() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        let department = "Cục THADS tỉnh Long An";
        // With "Số liệu toàn tỉnh" on the header, the department's figures are the province's.
        let whole =
            consolidated(department, province_values()).office_line(Some("SỐ LIỆU TOÀN TỈNH"));
        let file = write(dir.path(), "toan-tinh.xlsx", &whole);
        let outcome = import(&t, &["--dry-run"], &file).await.single();
        assert_eq!(outcome["status"], "consistent", "{outcome:#}");
        assert_eq!(outcome["unit"], "LA");
        // Without it, they are the report of the department's own office.
        let own = consolidated(department, province_values());
        let file = write(dir.path(), "cuc.xlsx", &own);
        let outcome = import(&t, &["--dry-run"], &file).await.single();
        assert_eq!(outcome["unit"], "LA-CUC", "{outcome:#}");
        assert_eq!(outcome["status"], "replaced", "{outcome:#}");
    }
}

#[tokio::test]
async fn reconciliation_over_http() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let spec = consolidated("Tỉnh Long An", province_values());
        let dir = tempfile::tempdir().unwrap();
        let bytes = std::fs::read(write(dir.path(), "long-an.xlsx", &spec)).unwrap();
        let file = ("long-an-2020-09.xlsx".to_owned(), bytes);
        let admin = Some(tokens.admin.as_str());

        let (status, answer) = send(&server, admin, std::slice::from_ref(&file), true).await;
        assert_eq!(status, StatusCode::OK, "{}: {answer:#}", t.backend());
        assert_eq!(answer["files"][0]["status"], "consistent");
        assert_eq!(answer["summary"]["consistent"], 1);

        let before = reports(&t).await;
        let (status, answer) = send(&server, admin, std::slice::from_ref(&file), false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        assert_eq!(answer["files"][0]["status"], "rejected");
        assert_eq!(
            answer["files"][0]["problems"][0]["code"],
            "consolidated_report"
        );
        assert_eq!(reports(&t).await, before);

        // An office's token may send only its own office's reports.
        let office = Some(tokens.office_a.as_str());
        let (status, answer) = send(&server, office, std::slice::from_ref(&file), true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        assert_eq!(answer["files"][0]["problems"][0]["code"], "wrong_office");
    }
}
