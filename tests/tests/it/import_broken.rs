//! Broken workbooks: each is rejected with exit code 1, every problem named by its code, sheet
//! and cell, and nothing stored changes (a valid report of the same office and period is
//! imported first, so that a broken file wrongly taken would show as a replacement).

use crate::import_support::{
    Place, at, errors, fixture, import, import_one, in_file, in_sheet, load_units, load_units_file,
    problem, reports, write,
};
use std::path::Path;
use thads_domain::{Field, Form, Outcome, Period, a1};
use thads_tests::db::{TestDb, each_backend};
use thads_tests::fixtures::{
    CellValue, Column, ColumnNumbers, PeriodStyle, SheetSpec, WorkbookSpec, rate_hundredths,
};

const CASES: &str = "01-TK";
const MONEY: &str = "02-TK";

/// The office and period every broken file claims: Kiến Tường, 9 months of 2020.
fn base(seed: u64) -> WorkbookSpec {
    WorkbookSpec::long_an("LA-KIENTUONG", Period::new(2020, 9).unwrap(), seed).unwrap()
}

/// The file that is imported before each broken one.
fn baseline() -> WorkbookSpec {
    base(1)
}

/// Loads the registry and imports the baseline; returns the reports stored.
async fn prepared(
    t: &TestDb,
    dir: &Path,
    units: Option<&Path>,
) -> Vec<thads_domain::services::reports::ReportSnapshot> {
    match units {
        Some(csv) => load_units_file(t, csv).await,
        None => load_units(t).await,
    }
    let path = write(dir, "baseline.xlsx", &baseline());
    let (code, o) = import_one(t, &path).await;
    assert_eq!(
        (code, o["status"].as_str()),
        (0, Some("imported")),
        "baseline: {o:#}"
    );
    reports(t).await
}

/// Imports `path` after the baseline and checks the rejection: exit code 1, exactly the
/// `expected` errors, no report changed. Returns the outcome for further checks.
async fn assert_rejected_file(
    t: &TestDb,
    dir: &Path,
    units: Option<&Path>,
    path: &Path,
    expected: &[Place],
) -> serde_json::Value {
    let before = prepared(t, dir, units).await;
    let (code, o) = import_one(t, path).await;
    assert_eq!(
        o["status"],
        "rejected",
        "{} on {}: {o:#}",
        path.display(),
        t.backend()
    );
    assert_eq!(code, 1, "{o:#}");
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(
        errors(&o),
        expected,
        "{} on {}: {o:#}",
        path.display(),
        t.backend()
    );
    assert_eq!(
        reports(t).await,
        before,
        "a rejected file changed the reports"
    );
    o
}

/// Writes `spec` and checks its rejection on every backend; returns the outcomes.
async fn assert_rejected(spec: &WorkbookSpec, expected: &[Place]) -> Vec<serde_json::Value> {
    assert_rejected_with_units(spec, None, expected).await
}

async fn assert_rejected_with_units(
    spec: &WorkbookSpec,
    units: Option<&Path>,
    expected: &[Place],
) -> Vec<serde_json::Value> {
    let mut outcomes = Vec::new();
    for t in each_backend().await {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "kientuong-2020-09.xlsx", spec);
        outcomes.push(assert_rejected_file(&t, dir.path(), units, &path, expected).await);
    }
    outcomes
}

fn cell(spec: &WorkbookSpec, form: Form, row: &str, column: impl Into<Column>) -> String {
    spec.cell(form, row, column)
        .unwrap_or_else(|| panic!("no cell {row}"))
}

fn leaf(spec: &WorkbookSpec, form: Form, code: &str) -> Outcome {
    *spec.values.form(form).leaf(code).unwrap()
}

#[tokio::test]
async fn text_in_a_number_cell() {
    let spec = base(2).set(
        Form::Cases,
        "active.civil",
        Field::Completed,
        CellValue::text("abc"),
    );
    let i15 = cell(&spec, Form::Cases, "active.civil", Field::Completed);
    assert_eq!(i15, "I15");
    for o in assert_rejected(&spec, &[at("not_a_number", CASES, &i15)]).await {
        let p = problem(&o, "not_a_number");
        assert_eq!(p["row"], "2. Dân sự");
        assert_eq!(p["column"]["number"], 8);
        assert_eq!(p["column"]["heading"], "Thi hành xong");
        assert!(p["message"].as_str().unwrap().contains("abc"), "{p}");
    }
}

#[tokio::test]
async fn an_error_value() {
    let spec = base(3).set(
        Form::Money,
        "on_request.family",
        Field::Postponed,
        CellValue::error("#REF!"),
    );
    let place = cell(&spec, Form::Money, "on_request.family", Field::Postponed);
    for o in assert_rejected(&spec, &[at("error_value", MONEY, &place)]).await {
        assert!(
            problem(&o, "error_value")["message"]
                .as_str()
                .unwrap()
                .contains("#REF!")
        );
    }
}

#[tokio::test]
async fn an_error_written_as_text() {
    // As .ods files hand error cells over: the text `#DIV/0!`.
    let spec = base(3).set(
        Form::Cases,
        "on_request.civil",
        Column::Rate,
        CellValue::text("#DIV/0!"),
    );
    let place = cell(&spec, Form::Cases, "on_request.civil", Column::Rate);
    assert_rejected(&spec, &[at("error_value", CASES, &place)]).await;
}

#[tokio::test]
async fn a_negative_number() {
    // The identities still hold: what goes below zero in `in_progress` is added to `postponed`.
    let mut spec = base(4);
    let mut o = leaf(&spec, Form::Cases, "active.labour");
    let ip = o.get(Field::InProgress);
    o.set(Field::InProgress, -1);
    o.set(Field::Postponed, o.get(Field::Postponed) + ip + 1);
    spec.values.cases.set_leaf("active.labour", o);
    assert_eq!(o.broken_identities(), vec![]);
    let group = spec.values.cases.row("active").unwrap();
    assert!(
        group.get(Field::InProgress) >= 0,
        "the group stays positive"
    );
    let place = cell(&spec, Form::Cases, "active.labour", Field::InProgress);
    assert_rejected(&spec, &[at("negative", CASES, &place)]).await;
}

#[tokio::test]
async fn a_fraction_in_the_cases_form() {
    let spec = base(5);
    let v = leaf(&spec, Form::Cases, "on_request.civil").get(Field::Dismissed);
    let spec = spec.set(
        Form::Cases,
        "on_request.civil",
        Field::Dismissed,
        CellValue::Number(v as f64 + 0.5),
    );
    let place = cell(&spec, Form::Cases, "on_request.civil", Field::Dismissed);
    assert_rejected(&spec, &[at("not_whole", CASES, &place)]).await;
}

#[tokio::test]
async fn a_broken_identity() {
    // Two leaves of one group off by one in opposite directions: the group's sums and its own
    // identities still hold, only the two leaves break `carried_forward = to_enforce − resolved`.
    let mut spec = base(6);
    let (a, b) = ("active.criminal", "active.civil");
    let mut x = leaf(&spec, Form::Cases, a);
    let mut y = leaf(&spec, Form::Cases, b);
    assert!(y.get(Field::CarriedForward) > 0);
    x.set(Field::CarriedForward, x.get(Field::CarriedForward) + 1);
    y.set(Field::CarriedForward, y.get(Field::CarriedForward) - 1);
    spec.values.cases.set_leaf(a, x);
    spec.values.cases.set_leaf(b, y);
    assert_eq!(
        spec.values.cases.row("active").unwrap().broken_identities(),
        vec![]
    );
    let expected = [
        at(
            "identity",
            CASES,
            &cell(&spec, Form::Cases, a, Field::CarriedForward),
        ),
        at(
            "identity",
            CASES,
            &cell(&spec, Form::Cases, b, Field::CarriedForward),
        ),
    ];
    assert_eq!(expected[0].2.as_deref(), Some("Q14"));
    assert_rejected(&spec, &expected).await;
}

#[tokio::test]
async fn a_group_that_is_not_the_sum_of_its_leaves() {
    // One moved from column 3 to column 2 in group I and in the total: every row's identities
    // hold and the total is still the sum of the groups, but group I is not the sum of its leaves.
    let spec = base(7);
    let group = spec.values.cases.row("active").unwrap();
    let total = spec.values.cases.row("total").unwrap();
    assert!(group.get(Field::NewlyAccepted) > 0);
    let n = |v: i64| CellValue::Number(v as f64);
    let spec = spec
        .set(
            Form::Cases,
            "active",
            Field::CarriedOver,
            n(group.get(Field::CarriedOver) + 1),
        )
        .set(
            Form::Cases,
            "active",
            Field::NewlyAccepted,
            n(group.get(Field::NewlyAccepted) - 1),
        )
        .set(
            Form::Cases,
            "total",
            Field::CarriedOver,
            n(total.get(Field::CarriedOver) + 1),
        )
        .set(
            Form::Cases,
            "total",
            Field::NewlyAccepted,
            n(total.get(Field::NewlyAccepted) - 1),
        );
    let expected = [at("sum", CASES, "C13"), at("sum", CASES, "D13")];
    assert_rejected(&spec, &expected).await;
}

#[tokio::test]
async fn a_total_that_is_not_the_sum_of_the_groups() {
    let spec = base(8);
    let total = spec.values.money.row("total").unwrap();
    let n = |v: i64| CellValue::Number((v / 1_000) as f64);
    let spec = spec
        .set(
            Form::Money,
            "total",
            Field::CarriedOver,
            n(total.get(Field::CarriedOver) + 1_000),
        )
        .set(
            Form::Money,
            "total",
            Field::NewlyAccepted,
            n(total.get(Field::NewlyAccepted) - 1_000),
        );
    let expected = [at("sum", MONEY, "C12"), at("sum", MONEY, "D12")];
    assert_rejected(&spec, &expected).await;
}

#[tokio::test]
async fn a_written_rate_off_by_more_than_a_hundredth() {
    let spec = base(9);
    let (code, o) = spec
        .values
        .cases
        .leaves()
        .find(|(_, o)| rate_hundredths(o).is_some())
        .map(|(c, o)| (c, *o))
        .unwrap();
    let rate = rate_hundredths(&o).unwrap() as f64 / 100.0;
    let spec = spec.set(
        Form::Cases,
        code,
        Column::Rate,
        CellValue::Number(rate + 0.05),
    );
    let place = cell(&spec, Form::Cases, code, Column::Rate);
    assert_rejected(&spec, &[at("rate", CASES, &place)]).await;
}

#[tokio::test]
async fn an_unknown_unit() {
    let spec = base(10)
        .unit_name("Chi cục THADS huyện Không Có Thật")
        .only(Form::Cases, CASES);
    for o in assert_rejected(&spec, &[at("unknown_unit", CASES, "A6")]).await {
        assert!(o["unit"].is_null(), "{o:#}");
        let message = problem(&o, "unknown_unit")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains("Không Có Thật"), "{message}");
    }
}

#[tokio::test]
async fn an_ambiguous_unit() {
    // Two provinces each with a "huyện Châu Thành", and a header that names no province.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = std::fs::read_to_string(fixture("real/units.csv")).unwrap();
    csv.push_str("TG,Tỉnh Tiền Giang,,province,Tiền Giang\n");
    csv.push_str(
        "TG-CHAUTHANH,Chi cục Thi hành án dân sự huyện Châu Thành,TG,office,huyện Châu Thành\n",
    );
    let units = dir.path().join("units.csv");
    std::fs::write(&units, csv).unwrap();
    let spec = WorkbookSpec::long_an("LA-CHAUTHANH", Period::new(2020, 9).unwrap(), 11)
        .unwrap()
        .province_line(None)
        .receiving(None)
        .only(Form::Cases, CASES);
    let outcomes =
        assert_rejected_with_units(&spec, Some(&units), &[at("ambiguous_unit", CASES, "A6")]).await;
    for o in outcomes {
        let message = problem(&o, "ambiguous_unit")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("LA-CHAUTHANH") && message.contains("TG-CHAUTHANH"),
            "the candidates are named: {message}"
        );
    }
    // With the province's line in the header, the same name is told apart.
    let settled = WorkbookSpec::long_an("LA-CHAUTHANH", Period::new(2020, 9).unwrap(), 11)
        .unwrap()
        .only(Form::Cases, CASES);
    for t in each_backend().await {
        load_units_file(&t, &units).await;
        let path = write(dir.path(), "chauthanh.xlsx", &settled);
        let (code, o) = import_one(&t, &path).await;
        assert_eq!((code, o["status"].as_str()), (0, Some("imported")), "{o:#}");
        assert_eq!(o["unit"], "LA-CHAUTHANH");
    }
}

#[tokio::test]
async fn a_period_that_does_not_start_on_the_first_of_october() {
    let spec = base(12)
        .period_style(PeriodStyle::Text(
            "(Từ ngày 01/9/2019 đến ngày 30/6/2020)".into(),
        ))
        .only(Form::Cases, CASES);
    assert_rejected(&spec, &[at("bad_period", CASES, "A5")]).await;
}

#[tokio::test]
async fn a_period_that_ends_mid_month() {
    let spec = base(13)
        .period_style(PeriodStyle::Text(
            "Từ ngày 01/10/2019 đến ngày 15/6/2020".into(),
        ))
        .only(Form::Cases, CASES);
    assert_rejected(&spec, &[at("bad_period", CASES, "A5")]).await;
}

#[tokio::test]
async fn a_missing_period() {
    let spec = base(14)
        .period_style(PeriodStyle::Missing)
        .only(Form::Cases, CASES);
    assert_rejected(&spec, &[in_sheet("no_period", CASES)]).await;
}

#[tokio::test]
async fn forms_that_disagree_on_the_period() {
    let spec = base(15).sheets(vec![
        SheetSpec::form(Form::Cases, CASES),
        SheetSpec::form(Form::Money, MONEY).with_period(Period::new(2020, 8).unwrap()),
    ]);
    assert_rejected(&spec, &[at("forms_disagree", MONEY, "A5")]).await;
}

#[tokio::test]
async fn no_form_sheet_at_all() {
    let spec = base(16).sheets(vec![
        SheetSpec::notes("Ghi chú"),
        SheetSpec::empty("Sheet2"),
    ]);
    for o in assert_rejected(&spec, &[in_file("no_form")]).await {
        let message = problem(&o, "no_form")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("TK-THA") || message.contains("KẾT QUẢ"),
            "says what was looked for: {message}"
        );
    }
}

#[tokio::test]
async fn two_sheets_of_the_same_form() {
    let spec = base(17).sheets(vec![
        SheetSpec::form(Form::Cases, CASES),
        SheetSpec::form(Form::Cases, "01-TK (2)"),
        SheetSpec::form(Form::Money, MONEY),
    ]);
    assert_rejected(&spec, &[in_sheet("duplicate_form", "01-TK (2)")]).await;
}

#[tokio::test]
async fn a_missing_leaf_row() {
    // The row left out holds zeros, so that the group's sums still hold without it.
    let mut spec = base(18);
    spec.values
        .cases
        .set_leaf("active.labour", Outcome::default());
    let spec = spec.drop_row(Form::Cases, "active.labour");
    for o in assert_rejected(&spec, &[in_sheet("missing_row", CASES)]).await {
        let message = problem(&o, "missing_row")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains("Lao động"), "names the row: {message}");
    }
}

#[tokio::test]
async fn a_duplicated_row() {
    let spec = base(19).duplicate_row(Form::Cases, "on_request.civil");
    let rows = spec.rows_of(Form::Cases, "on_request.civil");
    assert_eq!(rows.len(), 2);
    assert_rejected(&spec, &[at("duplicate_row", CASES, &a1(rows[1], 0))]).await;
}

#[tokio::test]
async fn a_missing_column_number() {
    let spec = base(20).column_number(Form::Cases, Field::Completed, CellValue::Empty);
    assert_eq!(
        spec.number_cell(Form::Cases, Field::Completed).unwrap(),
        "I11"
    );
    // Placed at the `A` of the column-number row: where column 8 should be is not known.
    for o in assert_rejected(&spec, &[at("missing_column", CASES, "A11")]).await {
        let message = problem(&o, "missing_column")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("8") && message.contains("Thi hành xong"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn no_column_number_row_at_all() {
    let spec = base(28)
        .column_numbers(ColumnNumbers::Missing)
        .only(Form::Cases, CASES);
    assert_rejected(&spec, &[in_sheet("no_column_numbers", CASES)]).await;
}

#[tokio::test]
async fn a_heading_that_names_another_column() {
    let spec = base(21).heading(Form::Cases, Field::Completed, "Đang thi hành");
    let place = spec.heading_cell(Form::Cases, Field::Completed).unwrap();
    assert_eq!(place, "I10");
    assert_rejected(&spec, &[at("heading_mismatch", CASES, &place)]).await;
}

#[tokio::test]
async fn a_formula_without_a_cached_value() {
    let spec = base(22).set(
        Form::Cases,
        "active",
        Field::Completed,
        CellValue::formula_without_result("SUM(I14:I21)"),
    );
    let place = cell(&spec, Form::Cases, "active", Field::Completed);
    assert_eq!(place, "I13");
    for o in assert_rejected(&spec, &[at("formula_without_value", CASES, &place)]).await {
        let message = problem(&o, "formula_without_value")["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.to_lowercase().contains("save"),
            "says to save the file again: {message}"
        );
    }
}

#[tokio::test]
async fn every_problem_of_a_file_is_reported_at_once() {
    let spec = base(23)
        .set(
            Form::Cases,
            "active.civil",
            Field::Completed,
            CellValue::text("abc"),
        )
        .set(
            Form::Cases,
            "on_request.other",
            Field::Entrusted,
            CellValue::text("x"),
        )
        .set(
            Form::Money,
            "on_request.family",
            Field::CarriedOver,
            CellValue::text("??"),
        );
    let expected = [
        at("not_a_number", CASES, "I15"),
        at(
            "not_a_number",
            CASES,
            &cell(&spec, Form::Cases, "on_request.other", Field::Entrusted),
        ),
        at(
            "not_a_number",
            MONEY,
            &cell(&spec, Form::Money, "on_request.family", Field::CarriedOver),
        ),
    ];
    assert_rejected(&spec, &expected).await;
}

#[tokio::test]
async fn a_truncated_workbook() {
    for t in each_backend().await {
        let dir = tempfile::tempdir().unwrap();
        let full = thads_tests::fixtures::to_xlsx_bytes(&base(24)).unwrap();
        let path = dir.path().join("truncated.xlsx");
        std::fs::write(&path, &full[..full.len() / 2]).unwrap();
        assert_rejected_file(&t, dir.path(), None, &path, &[in_file("damaged")]).await;
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_workbook() {
    for t in each_backend().await {
        let dir = tempfile::tempdir().unwrap();
        // Named explicitly, a file is always read: a text file is refused with a message.
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "Báo cáo tháng 9: xem tệp đính kèm.\n").unwrap();
        assert_rejected_file(&t, dir.path(), None, &path, &[in_file("not_a_spreadsheet")]).await;
        // So is a text file that calls itself a workbook.
        let path = dir.path().join("renamed.xlsx");
        std::fs::write(&path, "Mẫu số 01/TK-THA;Tổng số;1155\n").unwrap();
        let (code, o) = import_one(&t, &path).await;
        assert_eq!((code, o["status"].as_str()), (1, Some("rejected")), "{o:#}");
        assert_eq!(errors(&o), vec![in_file("not_a_spreadsheet")]);
    }
}

#[tokio::test]
async fn a_path_that_does_not_exist_is_a_usage_error() {
    for t in each_backend().await {
        load_units(&t).await;
        let missing = Path::new("/nonexistent/kientuong-2020-09.xlsx");
        let run = import(&t, &[missing], &[]).await;
        assert_eq!(run.code, 2, "{run:#?}");
        assert!(run.outcomes().is_empty());
        assert!(
            run.stderr.contains("kientuong-2020-09.xlsx"),
            "{}",
            run.stderr
        );
        assert_eq!(reports(&t).await, vec![]);
    }
}

#[tokio::test]
async fn a_rejected_file_does_not_stop_the_others() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let bad = write(
            dir.path(),
            "a-bad.xlsx",
            &base(25).set(
                Form::Cases,
                "active.civil",
                Field::Completed,
                CellValue::text("abc"),
            ),
        );
        let good_spec =
            WorkbookSpec::long_an("LA-TANAN", Period::new(2020, 9).unwrap(), 26).unwrap();
        let good = write(dir.path(), "b-good.xlsx", &good_spec);
        let run = import(&t, &[&bad, &good], &[]).await;
        assert_eq!(run.code, 1, "{run:#?}");
        let o = run.outcomes();
        assert_eq!(
            (o[0]["status"].as_str(), o[1]["status"].as_str()),
            (Some("rejected"), Some("imported"))
        );
        let diffs = crate::import_support::stored_differences(&t, "LA-TANAN", &good_spec).await;
        assert!(diffs.is_empty(), "{diffs:?}");
        assert!(reports(&t).await.iter().all(|r| r.unit == "LA-TANAN"));
    }
}

#[tokio::test]
async fn text_output_names_the_file_sheet_cell_row_and_column() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = base(27).set(
            Form::Cases,
            "active.civil",
            Field::Completed,
            CellValue::text("abc"),
        );
        let path = write(dir.path(), "kientuong-2020-09.xlsx", &spec);
        let file = path.display().to_string();
        let run =
            crate::import_support::thads(&["import", "--db", &t.url, "--lang", "en", &file]).await;
        assert_eq!(run.code, 1, "{run:#?}");
        let expected =
            format!("{file} › 01-TK › I15 (row \"2. Dân sự\", column 8 \"Thi hành xong\"): ");
        assert!(run.stdout.contains(&expected), "{}", run.stdout);
        assert!(run.stdout.contains("rejected"), "{}", run.stdout);
    }
}
