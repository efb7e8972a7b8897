//! `thads report --out FILE.xlsx`: the consolidated workbook of the hand-made province of
//! `report_support`, of an office alone and of the nation, read back with calamine. Every value
//! cell is compared with the API's answer (GraphQL over a spawned server): the form sheets with
//! `stats` by case type (group and total rows with the sums of their rows), the ranking with
//! `stats` by office, the reports received with `completeness`; and the figures computed by
//! hand in `report_support` are asserted. The office's workbook is read by the importer as a
//! valid report of that office, equal to what is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests

use crate::report_support::{load_province, report};
use crate::report_xlsx_support::{Book, SHEETS, Sheet, api, num, round2, same, written};
use chrono::{DateTime, Duration, NaiveDate, Timelike};
use serde_json::Value;
use thads_domain::services::registry::load_units;
use thads_importer::{CheckContext, check_workbook};
use thads_tests::db::each_backend;

/// The numbered columns of Mẫu 01 as GraphQL names them, column 1 first (workbook-format.md).
const CASES_COLUMNS: [&str; 16] = [
    "totalAccepted",
    "carriedOver",
    "newlyAccepted",
    "entrusted",
    "withdrawn",
    "toEnforce",
    "enforceable",
    "completed",
    "dismissed",
    "inProgress",
    "postponed",
    "suspended",
    "other",
    "notEnforceable",
    "rate",
    "carriedForward",
];

/// The numbered columns of Mẫu 02: `reduced` after `dismissed`.
const MONEY_COLUMNS: [&str; 17] = [
    "totalAccepted",
    "carriedOver",
    "newlyAccepted",
    "entrusted",
    "withdrawn",
    "toEnforce",
    "enforceable",
    "completed",
    "dismissed",
    "reduced",
    "inProgress",
    "postponed",
    "suspended",
    "other",
    "notEnforceable",
    "rate",
    "carriedForward",
];

/// The rows of both forms, in order: the case type (`None` for the total and the groups) and
/// the label as written.
const ROWS: [(Option<&str>, &str); 19] = [
    (None, "Tổng số"),
    (None, "I. Chủ động"),
    (Some("active.criminal"), "1. Hình sự"),
    (Some("active.civil"), "2. Dân sự"),
    (Some("active.family"), "3. Hôn nhân và gia đình"),
    (Some("active.commercial"), "4. Kinh doanh, thương mại"),
    (Some("active.labour"), "5. Lao động"),
    (Some("active.administrative"), "6. Hành chính"),
    (Some("active.bankruptcy"), "7. Phá sản"),
    (Some("active.other"), "8. Khác"),
    (None, "II. Theo yêu cầu"),
    (Some("on_request.criminal"), "1. Hình sự"),
    (Some("on_request.civil"), "2. Dân sự"),
    (Some("on_request.family"), "3. Hôn nhân và gia đình"),
    (Some("on_request.commercial"), "4. Kinh doanh, thương mại"),
    (Some("on_request.labour"), "5. Lao động"),
    (Some("on_request.administrative"), "6. Hành chính"),
    (Some("on_request.bankruptcy"), "7. Phá sản"),
    (Some("on_request.other"), "8. Khác"),
];

/// The rows each total or group row adds up (indexes into [`ROWS`]).
fn children(i: usize) -> Vec<usize> {
    match i {
        0 => vec![1, 10],
        1 => (2..=9).collect(),
        10 => (11..=18).collect(),
        _ => Vec::new(),
    }
}

/// The total row of a form sheet read back: its value in each numbered column (1 first).
type Totals = Vec<Option<f64>>;

/// Checks a form sheet: its header, its column numbers and labels, every leaf cell against
/// the API's row of that case type (a leaf no report has a row for is 0 once the form is
/// reported), every group and total cell as the `SUM` of its rows, every rate; or, for a form
/// no office sent, every value cell empty and no column-number row. Returns the total row.
fn check_form(sheet: &Sheet, measure: &str, api: &Value, unit_name: &str) -> Totals {
    let (columns, code, title): (&[&str], _, _) = match measure {
        "cases" => (&CASES_COLUMNS, "Mẫu số 01/TK-THA", "TÍNH BẰNG VIỆC"),
        _ => (&MONEY_COLUMNS, "Mẫu số 02/TK-THA", "TÍNH BẰNG TIỀN"),
    };
    let texts = sheet.texts();
    let wanted = [
        code.to_owned(),
        format!("KẾT QUẢ THI HÀNH ÁN DÂN SỰ {title}"),
        "Kỳ báo cáo: 9 tháng năm 2020".to_owned(),
        "(Từ ngày 01/10/2019 đến ngày 30/6/2020)".to_owned(),
        format!("Đơn vị báo cáo: {unit_name}"),
        "NGƯỜI LẬP BIỂU".to_owned(),
        "THỦ TRƯỞNG ĐƠN VỊ".to_owned(),
    ];
    for line in &wanted {
        assert!(texts.contains(line), "{measure}: no {line:?} in {texts:?}");
    }
    assert_eq!(
        texts.contains(&"Đơn vị tính: đồng".to_owned()),
        measure == "money"
    );
    // Two lines of headings, then the column-number row.
    let (headings, label_col) = sheet.find("Loại việc");
    let numbers = headings + 2;
    assert_eq!(label_col, 0);
    let reported = num(&api["whole"][0][measure]["enforceable"]).is_some();
    let printed = if reported { Some("A".to_owned()) } else { None };
    assert_eq!(
        Some(sheet.text(numbers, 0)).filter(|t| !t.is_empty()),
        printed,
        "{measure}: the column-number row only on a form sent"
    );
    for (c, _) in (1..).zip(columns) {
        let printed = reported.then_some(f64::from(c));
        assert_eq!(sheet.number(numbers, c), printed, "{measure}");
    }
    let col = |name: &str| 1 + columns.iter().position(|c| *c == name).unwrap() as u32;
    let row_of = |i: usize| numbers + 1 + i as u32;
    for (i, (_, label)) in ROWS.iter().enumerate() {
        assert_eq!(sheet.text(row_of(i), 0), *label, "{measure} row {i}");
    }
    if !reported {
        for i in 0..ROWS.len() {
            for (c, _) in (1..).zip(columns) {
                assert_eq!(sheet.number(row_of(i), c), None, "{measure} ({i}, {c})");
            }
        }
        return vec![None; columns.len()];
    }
    // Leaves against the API, groups and the total (from the bottom) as sums.
    for i in (0..ROWS.len()).rev() {
        let r = row_of(i);
        match ROWS[i].0 {
            Some(case_type) => {
                let row = api["byType"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|row| row["caseType"]["code"] == case_type)
                    .unwrap_or_else(|| panic!("no {case_type} from the API"));
                let values = &row[measure];
                for (c, name) in (1..).zip(columns) {
                    let expected = match *name {
                        "rate" => num(&values["rate"]).map(round2),
                        field => Some(num(&values[field]).unwrap_or(0.0)),
                    };
                    same(
                        sheet.number(r, c),
                        expected,
                        &format!("{measure} {case_type} {name}"),
                    );
                }
            }
            None => {
                for (c, name) in (1..).zip(columns) {
                    if *name == "rate" {
                        continue;
                    }
                    let sum: f64 = children(i)
                        .iter()
                        .map(|&k| sheet.number(row_of(k), c).unwrap())
                        .sum();
                    same(
                        sheet.number(r, c),
                        Some(sum),
                        &format!("{measure} row {i} {name}"),
                    );
                    let formula = sheet.formula(r, c);
                    assert!(
                        formula.starts_with("SUM("),
                        "{measure} ({r}, {c}): {formula:?}"
                    );
                }
            }
        }
        // The rate of every row from the row's own cells.
        let value = |name: &str| sheet.number(r, col(name)).unwrap();
        let resolved: f64 = ["completed", "dismissed", "reduced"]
            .iter()
            .filter(|n| columns.contains(n))
            .map(|n| value(n))
            .sum();
        let enforceable = value("enforceable");
        let rate = (enforceable > 0.0).then(|| round2(resolved / enforceable * 100.0));
        same(
            sheet.number(r, col("rate")),
            rate,
            &format!("{measure} row {i} rate"),
        );
        assert!(sheet.formula(r, col("rate")).starts_with("IF("));
    }
    (1..=columns.len() as u32)
        .map(|c| sheet.number(row_of(0), c))
        .collect()
}

/// The line below a form's table that names the offices missing from its sums.
fn missing_line(sheet: &Sheet) -> String {
    sheet
        .texts()
        .into_iter()
        .find(|t| {
            ["Chưa có báo cáo", "Chưa có đơn vị nào", "Đã nhận"]
                .iter()
                .any(|start| t.starts_with(start))
        })
        .unwrap_or_default()
}

/// The offices in the order of the ranking (by rank in cases, then code) with their ranks in
/// cases and money, by hand from `report_support`'s table.
const RANKED: [(&str, Option<f64>, Option<f64>); 7] = [
    ("LA-CANGIUOC", Some(1.0), Some(1.0)),
    ("LA-TANTRU", Some(2.0), Some(2.0)),
    ("LA-CUC", Some(3.0), Some(3.0)),
    ("LA-BENLUC", Some(4.0), Some(4.0)),
    ("LA-KIENTUONG", Some(5.0), Some(5.0)),
    ("LA-DUCHOA", Some(6.0), None),
    ("LA-THANHHOA", None, None),
];

/// Checks the 8 cells of one measure from column `first` against the API's figures.
fn check_measure(sheet: &Sheet, r: u32, first: u32, m: &Value, rank: Option<f64>, what: &str) {
    let rate = num(&m["rate"]);
    let previous = num(&m["previousYear"]["rate"]);
    let expected = [
        num(&m["enforceable"]),
        num(&m["resolved"]),
        rate,
        num(&m["target"]),
        num(&m["gapToTarget"]),
        previous,
        rate.zip(previous).map(|(a, b)| a - b),
        rank,
    ];
    for (k, e) in (0..).zip(expected) {
        same(sheet.number(r, first + k), e, &format!("{what} column {k}"));
    }
}

/// Checks the ranking sheet of Long An against `stats` by office and the unit's whole row.
fn check_ranking(sheet: &Sheet, api: &Value, unit_name: &str) {
    let (headings, _) = sheet.find("STT");
    assert_eq!(sheet.text(headings, 2), "Về việc");
    assert_eq!(sheet.text(headings + 1, 2), "Có điều kiện thi hành");
    assert_eq!(sheet.text(headings + 1, 3), "Thi hành xong");
    let offices = api["byOffice"].as_array().unwrap();
    for (k, (code, rank_cases, rank_money)) in RANKED.iter().enumerate() {
        let r = headings + 2 + k as u32;
        let office = offices.iter().find(|o| o["unit"]["code"] == *code).unwrap();
        assert_eq!(sheet.number(r, 0), Some(k as f64 + 1.0));
        assert_eq!(sheet.text(r, 1), office["unit"]["name"].as_str().unwrap());
        check_measure(sheet, r, 2, &office["cases"], *rank_cases, code);
        check_measure(sheet, r, 10, &office["money"], *rank_money, code);
    }
    let total = headings + 2 + RANKED.len() as u32;
    assert_eq!(sheet.text(total, 0), unit_name);
    check_measure(sheet, total, 2, &api["whole"][0]["cases"], None, unit_name);
    check_measure(sheet, total, 10, &api["whole"][0]["money"], None, unit_name);
    assert_eq!(sheet.end_row(), total + 1, "the unit's row is the last");
}

/// Checks the reports-received sheet against `completeness`: every expected office, each
/// form's arrival in Vietnam time (to the second) or "Chưa gửi". Returns the (code, cases,
/// money) cells as text, "time" for a time.
fn check_received(sheet: &Sheet, api: &Value) -> Vec<(String, String, String)> {
    let (headings, _) = sheet.find("STT");
    let statuses = api["completeness"].as_array().unwrap();
    let mut codes: Vec<&str> = statuses
        .iter()
        .map(|s| s["unit"]["code"].as_str().unwrap())
        .collect();
    codes.dedup();
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut seen = Vec::new();
    for (k, code) in codes.iter().enumerate() {
        let r = headings + 1 + k as u32;
        assert_eq!(sheet.text(r, 1), *code);
        let mut cells = Vec::new();
        for (c, form) in [(3, "CASES"), (4, "MONEY")] {
            let status = statuses
                .iter()
                .find(|s| s["unit"]["code"] == *code && s["form"] == form)
                .unwrap();
            assert_eq!(sheet.text(r, 2), status["unit"]["name"].as_str().unwrap());
            match status["received"]["at"].as_str() {
                None => {
                    assert_eq!(sheet.text(r, c), "Chưa gửi", "{code} {form}");
                    cells.push("Chưa gửi".to_owned());
                }
                Some(at) => {
                    let at =
                        DateTime::parse_from_rfc3339(at).unwrap().naive_utc() + Duration::hours(7);
                    let at = at.with_nanosecond(0).unwrap();
                    let serial = (at - epoch).num_seconds() as f64 / 86_400.0;
                    let calamine::Data::DateTime(found) = sheet.get(r, c) else {
                        panic!("{code} {form}: not a date and time: {:?}", sheet.get(r, c));
                    };
                    assert!(
                        (found.as_f64() - serial).abs() < 0.5 / 86_400.0,
                        "{code} {form}: {} vs {serial}",
                        found.as_f64()
                    );
                    cells.push("time".to_owned());
                }
            }
        }
        seen.push(((*code).to_owned(), cells[0].clone(), cells[1].clone()));
    }
    seen
}

#[tokio::test]
async fn the_province_workbook_cell_by_cell() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let mut book = Book::open(written(&t, "LA").await);
        let api = api(&t, "LA").await;
        assert_eq!(book.names(), SHEETS);

        let cases = book.sheet("Mẫu 01");
        let totals = check_form(&cases, "cases", &api, "Tỉnh Long An");
        // By hand: enforceable 700, resolved (completed + dismissed) 447, 63,857… % → 63,86.
        assert_eq!(totals[6], Some(700.0));
        assert_eq!(totals[7].unwrap() + totals[8].unwrap(), 447.0);
        assert_eq!(totals[14], Some(63.86));
        let line = missing_line(&cases);
        assert!(line.starts_with("Chưa có báo cáo của: "), "{line}");
        assert!(
            line.contains("Chi cục Thi hành án dân sự huyện Thạnh Hóa"),
            "{line}"
        );
        assert!(!line.contains("Đức Hòa"), "{line}");

        let money = book.sheet("Mẫu 02");
        let totals = check_form(&money, "money", &api, "Tỉnh Long An");
        // By hand: 24 tỷ enforceable, 9,23 tỷ resolved, 38,458… % → 38,46; whole đồng.
        assert_eq!(totals[6], Some(24_000_000_000.0));
        let resolved: f64 = totals[7..10].iter().map(|v| v.unwrap()).sum();
        assert_eq!(resolved, 9_230_000_000.0);
        assert_eq!(totals[15], Some(38.46));
        // Đức Hòa's money is missing from the sums: named, not counted as zero.
        let line = missing_line(&money);
        assert!(
            line.contains("Chi cục Thi hành án dân sự huyện Đức Hòa"),
            "{line}"
        );
        assert!(
            line.contains("Chi cục Thi hành án dân sự huyện Thạnh Hóa"),
            "{line}"
        );
        assert!(line.contains("(2/7 đơn vị)"), "{line}");

        check_ranking(&book.sheet("Xếp hạng"), &api, "Tỉnh Long An");

        let received = check_received(&book.sheet("Tình hình nhận báo cáo"), &api);
        // By hand: seven offices; Đức Hòa sent no money form, Thạnh Hóa nothing.
        assert_eq!(received.len(), 7);
        let duc_hoa = received.iter().find(|r| r.0 == "LA-DUCHOA").unwrap();
        assert_eq!(
            (duc_hoa.1.as_str(), duc_hoa.2.as_str()),
            ("time", "Chưa gửi")
        );
        let thanh_hoa = received.iter().find(|r| r.0 == "LA-THANHHOA").unwrap();
        assert_eq!(
            (thanh_hoa.1.as_str(), thanh_hoa.2.as_str()),
            ("Chưa gửi", "Chưa gửi")
        );
    }
}

#[tokio::test]
async fn the_importer_reads_the_workbooks_it_was_written_for() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let ctx = CheckContext::new(load_units(&t.db).await.unwrap());
        // An office alone: a valid report of that office, both forms, as the API gives them.
        let bytes = written(&t, "LA-KIENTUONG").await;
        let check = check_workbook("kien-tuong.xlsx", &bytes, &ctx);
        let errors: Vec<_> = check.problems.iter().filter(|p| p.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(check.unit.as_deref(), Some("LA-KIENTUONG"));
        assert_eq!(
            check.period.map(|p| p.label()).as_deref(),
            Some("9 tháng năm 2020")
        );
        let workbook = check.workbook.expect("the office's workbook is valid");
        assert_eq!(workbook.reports.len(), 2);
        let api = api(&t, "LA-KIENTUONG").await;
        for report in &workbook.reports {
            let measure = report.form.to_string();
            for row in &report.rows {
                let from_api = api["byType"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["caseType"]["code"] == row.case_type.as_str())
                    .unwrap();
                let enforceable = num(&from_api[&measure]["enforceable"]).unwrap_or(0.0);
                assert_eq!(
                    row.values.get(thads_domain::Field::Enforceable) as f64,
                    enforceable,
                    "{measure} {}",
                    row.case_type
                );
            }
        }
        // Đức Hòa sent no money form: its workbook's empty Mẫu 02 is refused (it has no
        // column-number row), never read as a report of zeros; nothing would be stored.
        let bytes = written(&t, "LA-DUCHOA").await;
        let check = check_workbook("duc-hoa.xlsx", &bytes, &ctx);
        let errors: Vec<(&str, Option<&str>)> = check
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| (p.code.as_str(), p.sheet.as_deref()))
            .collect();
        assert_eq!(errors, [("no_column_numbers", Some("Mẫu 02"))]);
        assert!(check.workbook.is_none());
        // The province: a consolidated report of LA, whose header, rows and identities hold
        // (never stored: see report_reconcile).
        let bytes = written(&t, "LA").await;
        let check = check_workbook("long-an.xlsx", &bytes, &ctx);
        let errors: Vec<_> = check.problems.iter().filter(|p| p.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(check.unit.as_deref(), Some("LA"));
        assert!(check.consolidated);
        assert_eq!(check.forms.len(), 2, "{:#?}", check.problems);
    }
}

#[tokio::test]
async fn an_office_alone_and_the_nation() {
    for t in each_backend().await {
        load_province(&t.db).await;
        // Kiến Tường: no ranking sheet; by hand 37 of 80 cases, 0,53 of 3 tỷ.
        let mut book = Book::open(written(&t, "LA-KIENTUONG").await);
        assert_eq!(book.names(), ["Mẫu 01", "Mẫu 02", "Tình hình nhận báo cáo"]);
        let api_kt = api(&t, "LA-KIENTUONG").await;
        let name = "Chi cục Thi hành án dân sự thị xã Kiến Tường";
        let cases = check_form(&book.sheet("Mẫu 01"), "cases", &api_kt, name);
        assert_eq!((cases[6], cases[14]), (Some(80.0), Some(46.25)));
        let money = check_form(&book.sheet("Mẫu 02"), "money", &api_kt, name);
        assert_eq!((money[6], money[15]), (Some(3_000_000_000.0), Some(17.67)));
        assert_eq!(
            missing_line(&book.sheet("Mẫu 02")),
            "Đã nhận đủ báo cáo của 1 đơn vị."
        );
        check_received(&book.sheet("Tình hình nhận báo cáo"), &api_kt);

        // Đức Hòa sent no money form: the sheet is there, its cells empty, and says so.
        let mut book = Book::open(written(&t, "LA-DUCHOA").await);
        let api_dh = api(&t, "LA-DUCHOA").await;
        let name = "Chi cục Thi hành án dân sự huyện Đức Hòa";
        let money = book.sheet("Mẫu 02");
        assert_eq!(check_form(&money, "money", &api_dh, name), vec![None; 17]);
        let line = missing_line(&money);
        assert!(
            line.starts_with("Chưa có đơn vị nào gửi Mẫu số 02/TK-THA"),
            "{line}"
        );
        let cases = check_form(&book.sheet("Mẫu 01"), "cases", &api_dh, name);
        assert_eq!(cases[6], Some(50.0));

        // The nation holds only Long An: the same sums, ranking and offices.
        let mut book = Book::open(written(&t, "VN").await);
        assert_eq!(book.names(), SHEETS);
        let api_vn = api(&t, "VN").await;
        let totals = check_form(&book.sheet("Mẫu 01"), "cases", &api_vn, "Cả nước");
        assert_eq!(totals[6], Some(700.0));
        check_form(&book.sheet("Mẫu 02"), "money", &api_vn, "Cả nước");
        check_ranking(&book.sheet("Xếp hạng"), &api_vn, "Cả nước");
        assert_eq!(
            check_received(&book.sheet("Tình hình nhận báo cáo"), &api_vn).len(),
            7
        );
    }
}

#[tokio::test]
async fn the_units_of_another_day_are_said() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("la.xlsx");
        let file = out.display().to_string();
        let args = [
            "--unit",
            "LA",
            "--year",
            "2020",
            "--months",
            "9",
            "--asof",
            "2021-01-01",
            "--out",
            &file,
        ];
        let run = report(&t, &args).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let bytes = std::fs::read(&out).unwrap();
        // The importer still reads the header, the rows and the identities.
        let ctx = CheckContext::new(load_units(&t.db).await.unwrap());
        let check = check_workbook("la.xlsx", &bytes, &ctx);
        let errors: Vec<_> = check.problems.iter().filter(|p| p.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(check.consolidated);
        let mut book = Book::open(bytes);
        // The same units on that day: the same figures, and the day said.
        let api = api(&t, "LA").await;
        let cases = book.sheet("Mẫu 01");
        assert_eq!(
            check_form(&cases, "cases", &api, "Tỉnh Long An")[6],
            Some(700.0)
        );
        let line = "Số liệu quy về các đơn vị ngày 01/1/2021";
        assert!(cases.texts().contains(&line.to_owned()));
        let ranking = book.sheet("Xếp hạng");
        assert!(
            ranking
                .texts()
                .iter()
                .any(|t| t.ends_with("số liệu quy về các đơn vị ngày 01/1/2021")),
            "{:?}",
            ranking.texts()
        );
    }
}
