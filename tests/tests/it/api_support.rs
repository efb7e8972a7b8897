//! What the API tests share: a small registry, workbooks with hand-picked numbers written by
//! the fixture writer and imported through the real `thads import`, the schema over the
//! database, and running queries in process.
//!
//! The data (rows are `(case type, enforceable, resolved)`; money in đồng):
//!
//! | office     | period | cases                      | money                              |
//! |------------|--------|----------------------------|------------------------------------|
//! | LA-TANTRU  | 2020-9 | AC 100/60, RV 50/20        | AC 4 294 967 297 000/1 073 741 824 000 |
//! | LA-BENLUC  | 2020-9 | AC 40/10, replaced: 40/24  | AV 3 000 000 000 000/1 500 000 000 000 |
//! | TG-CAIBE   | 2020-9 | AV 80/48                   | RV 2 000 000 000 000/500 000 000 000   |
//! | LA-TANTRU  | 2020-8 | AC 90/50, RV 45/15         | AC 4 000 000 000 000/1 000 000 000 000 |
//! | LA-TANTRU  | 2019-9 | AC 100/50                  | AC 1 000 000 000 000/250 000 000 000   |
//!
//! LA-THUTHUA never reports. Every other leaf of a workbook is zero. Targets: 2020 VN cases
//! 70 and money 40, LA cases 75; 2019 VN cases 65.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{Run, thads};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use thads_api::graphql::AppSchema;
use thads_domain::{Field, Form, Outcome, Period};
use thads_tests::db::TestDb;
use thads_tests::fixtures::{FormValues, Values, WorkbookSpec, write_xlsx};

/// `active.criminal`.
pub const AC: &str = "active.criminal";
/// `active.civil`.
pub const AV: &str = "active.civil";
/// `on_request.civil`.
pub const RV: &str = "on_request.civil";

/// The registry of the API tests.
pub const UNITS: &str = "\
code,name,parent,level,aliases
VN,Cả nước,,nation,
LA,Tỉnh Long An,VN,province,Long An
LA-BENLUC,Chi cục Thi hành án dân sự huyện Bến Lức,LA,office,huyện Bến Lức
LA-TANTRU,Chi cục Thi hành án dân sự huyện Tân Trụ,LA,office,huyện Tân Trụ
LA-THUTHUA,Chi cục Thi hành án dân sự huyện Thủ Thừa,LA,office,huyện Thủ Thừa
TG,Tỉnh Tiền Giang,VN,province,Tiền Giang
TG-CAIBE,Chi cục Thi hành án dân sự huyện Cái Bè,TG,office,huyện Cái Bè
";

/// The targets; the others are inherited.
pub const TARGETS: &str = "\
year,unit,measure,rate
2020,VN,cases,70
2020,VN,money,40
2020,LA,cases,75
2019,VN,cases,65
";

pub use crate::hand_values::{Row, minus};

/// The office's area and province, as its workbooks write them.
fn place(unit: &str) -> (&'static str, &'static str) {
    match unit {
        "LA-TANTRU" => ("huyện Tân Trụ", "tỉnh Long An"),
        "LA-BENLUC" => ("huyện Bến Lức", "tỉnh Long An"),
        "LA-THUTHUA" => ("huyện Thủ Thừa", "tỉnh Long An"),
        "TG-CAIBE" => ("huyện Cái Bè", "tỉnh Tiền Giang"),
        other => panic!("no such office in the API tests: {other}"),
    }
}

/// Money in the workbooks is written in `1.000 đồng`, so every amount is whole thousands.
fn step(form: Form) -> i64 {
    if form == Form::Money { 1000 } else { 1 }
}

/// Values that hold every identity, from the enforceable and resolved amounts.
pub fn outcome(form: Form, enforceable: i64, resolved: i64) -> Outcome {
    crate::hand_values::outcome(form, enforceable, resolved, step(form))
}

/// The field-by-field sum of the rows of several reports.
pub fn sum(form: Form, reports: &[&[Row]]) -> Outcome {
    crate::hand_values::sum(form, reports, step(form))
}

/// Σ resolved ÷ Σ enforceable × 100, as the API computes it.
pub fn rate(o: &Outcome) -> Value {
    json!(o.rate())
}

/// Every column of a form, named as in GraphQL, with `resolved` and `rate`; null everywhere
/// when nothing was reported.
pub fn columns(form: Form, o: Option<Outcome>) -> Map<String, Value> {
    let mut map = Map::new();
    for field in Field::of_form(form) {
        map.insert(camel(field.key()), json!(o.map(|o| o.get(field))));
    }
    map.insert("resolved".into(), json!(o.map(|o| o.resolved())));
    map.insert("rate".into(), json!(o.and_then(|o| o.rate())));
    map
}

/// The GraphQL selection of every column of a form, with `resolved` and `rate`.
pub fn selection(form: Form) -> String {
    let mut names: Vec<String> = Field::of_form(form).map(|f| camel(f.key())).collect();
    names.push("resolved".into());
    names.push("rate".into());
    names.join(" ")
}

/// `total_accepted` → `totalAccepted`.
fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A period.
pub fn period(year: i32, months: u8) -> Period {
    Period::new(i64::from(year), i64::from(months)).unwrap()
}

/// A workbook of both forms with these rows; every other leaf zero.
pub fn workbook(
    unit: &str,
    (year, months): (i32, u8),
    cases: &[Row],
    money: &[Row],
) -> WorkbookSpec {
    let mut values = Values {
        cases: FormValues::zero(Form::Cases),
        money: FormValues::zero(Form::Money),
    };
    for (form, rows) in [(Form::Cases, cases), (Form::Money, money)] {
        for &(code, e, r) in rows {
            assert!(
                values.form_mut(form).set_leaf(code, outcome(form, e, r)),
                "{code}"
            );
        }
    }
    let (area, province) = place(unit);
    WorkbookSpec::new(area, province, period(year, months), 7).with_values(values)
}

/// Writes a workbook into `dir` and imports it with `thads import`; returns the outcome.
pub async fn import(t: &TestDb, dir: &Path, name: &str, spec: &WorkbookSpec) -> Value {
    let path: PathBuf = dir.join(name);
    write_xlsx(spec, &path).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    let run = thads(&[
        "import",
        "--db",
        &t.url,
        "--format",
        "json",
        &path.display().to_string(),
    ])
    .await;
    run.single()
}

/// Runs a `thads` registry command on a CSV text.
async fn registry(t: &TestDb, dir: &Path, what: &str, csv: &str) {
    let path = dir.join(format!("{what}.csv"));
    std::fs::write(&path, csv).unwrap();
    let run: Run = thads(&[what, "import", &path.display().to_string(), "--db", &t.url]).await;
    assert_eq!(run.code, 0, "{what} import failed: {run:#?}");
}

/// TANTRU's cases of 2020-9.
pub const TANTRU_CASES: &[Row] = &[(AC, 100, 60), (RV, 50, 20)];
/// TANTRU's money of 2020-9.
pub const TANTRU_MONEY: &[Row] = &[(AC, 4_294_967_297_000, 1_073_741_824_000)];
/// BENLUC's first cases of 2020-9, replaced later.
pub const BENLUC_CASES_FIRST: &[Row] = &[(AC, 40, 10)];
/// BENLUC's cases of 2020-9.
pub const BENLUC_CASES: &[Row] = &[(AC, 40, 24)];
/// BENLUC's money of 2020-9.
pub const BENLUC_MONEY: &[Row] = &[(AV, 3_000_000_000_000, 1_500_000_000_000)];
/// CAIBE's cases of 2020-9.
pub const CAIBE_CASES: &[Row] = &[(AV, 80, 48)];
/// CAIBE's money of 2020-9.
pub const CAIBE_MONEY: &[Row] = &[(RV, 2_000_000_000_000, 500_000_000_000)];
/// TANTRU's cases of 2020-8.
pub const TANTRU_CASES_AUG: &[Row] = &[(AC, 90, 50), (RV, 45, 15)];
/// TANTRU's money of 2020-8.
pub const TANTRU_MONEY_AUG: &[Row] = &[(AC, 4_000_000_000_000, 1_000_000_000_000)];
/// TANTRU's cases of 2019-9.
pub const TANTRU_CASES_2019: &[Row] = &[(AC, 100, 50)];
/// TANTRU's money of 2019-9.
pub const TANTRU_MONEY_2019: &[Row] = &[(AC, 1_000_000_000_000, 250_000_000_000)];

/// Loads the registry, the targets and every workbook of the table above, checking each
/// import's status. The folder keeps the files for as long as the test needs them.
pub async fn load(t: &TestDb) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(t, d, "units", UNITS).await;
    registry(t, d, "targets", TARGETS).await;
    let books = [
        (
            "tantru-2019-09.xlsx",
            workbook("LA-TANTRU", (2019, 9), TANTRU_CASES_2019, TANTRU_MONEY_2019),
            "imported",
        ),
        (
            "tantru-2020-08.xlsx",
            workbook("LA-TANTRU", (2020, 8), TANTRU_CASES_AUG, TANTRU_MONEY_AUG),
            "imported",
        ),
        (
            "tantru-2020-09.xlsx",
            workbook("LA-TANTRU", (2020, 9), TANTRU_CASES, TANTRU_MONEY),
            "imported",
        ),
        (
            "benluc-2020-09.xlsx",
            workbook("LA-BENLUC", (2020, 9), BENLUC_CASES_FIRST, BENLUC_MONEY),
            "imported",
        ),
        (
            "benluc-2020-09-fixed.xlsx",
            workbook("LA-BENLUC", (2020, 9), BENLUC_CASES, BENLUC_MONEY),
            "replaced",
        ),
        (
            "caibe-2020-09.xlsx",
            workbook("TG-CAIBE", (2020, 9), CAIBE_CASES, CAIBE_MONEY),
            "imported",
        ),
    ];
    for (name, spec, status) in books {
        let outcome = import(t, d, name, &spec).await;
        assert_eq!(outcome["status"], status, "{name}: {outcome:#}");
    }
    dir
}

/// The schema over the test database.
pub fn schema(t: &TestDb) -> AppSchema {
    thads_api::graphql::schema(t.db.clone())
}

/// Runs a query in process and returns its `data`, failing on any error.
pub async fn data(schema: &AppSchema, query: &str) -> Value {
    let response = serde_json::to_value(schema.execute(query).await).unwrap();
    assert!(
        response.get("errors").is_none(),
        "{query}\nanswered with errors: {response:#}"
    );
    response["data"].clone()
}

/// Runs a query that must fail and returns its errors as `(code, message)`.
pub async fn errors(schema: &AppSchema, query: &str) -> Vec<(String, String)> {
    let response = serde_json::to_value(schema.execute(query).await).unwrap();
    let errors = response["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{query}\nanswered without errors: {response:#}"));
    errors
        .iter()
        .map(|e| {
            (
                e["extensions"]["code"].as_str().unwrap_or("").to_owned(),
                e["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The only error of a query that must fail: `(code, message)`.
pub async fn error(schema: &AppSchema, query: &str) -> (String, String) {
    let mut all = errors(schema, query).await;
    assert_eq!(all.len(), 1, "{query}: {all:?}");
    all.remove(0)
}
