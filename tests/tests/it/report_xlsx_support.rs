//! What the workbook tests share: `thads report --out FILE.xlsx` run and the file read back
//! with calamine (cached values and formulas), cells found by their text, and the API's
//! answer for a unit (GraphQL over a spawned server) to compare every cell with.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::selection;
use crate::report_support::report;
use crate::upload_support::{graphql, server};
use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{Value, json};
use std::io::Cursor;
use thads_domain::Form;
use thads_tests::db::TestDb;

/// The names of the sheets of a unit above the offices, in order.
pub const SHEETS: [&str; 4] = ["Mẫu 01", "Mẫu 02", "Xếp hạng", "Tình hình nhận báo cáo"];

/// `thads report --unit UNIT --year 2020 --months 9 --out DIR/report.xlsx`, which must
/// succeed writing nothing on stdout; the file's bytes.
pub async fn written(t: &TestDb, unit: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xlsx");
    let file = out.display().to_string();
    let args = [
        "--unit", unit, "--year", "2020", "--months", "9", "--out", &file,
    ];
    let run = report(t, &args).await;
    assert_eq!(run.code, 0, "{unit}: {run:#?}");
    assert_eq!(run.stdout, "", "{unit}");
    std::fs::read(&out).unwrap()
}

/// A workbook read back.
pub struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
}

impl Book {
    /// Opens the bytes of an .xlsx file.
    pub fn open(bytes: Vec<u8>) -> Self {
        Self {
            xlsx: Xlsx::new(Cursor::new(bytes)).unwrap(),
        }
    }

    /// The sheets' names, in order.
    pub fn names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// Every sheet's name and cells (a formula's cached value), row by row.
    pub fn values(&mut self) -> Vec<(String, Vec<Vec<Data>>)> {
        self.names()
            .into_iter()
            .map(|name| {
                let range = self.xlsx.worksheet_range(&name).unwrap();
                let rows = range.rows().map(<[Data]>::to_vec).collect();
                (name, rows)
            })
            .collect()
    }

    /// A sheet's cells (a formula's cached value), addressed from A1 whatever the used range.
    pub fn sheet(&mut self, name: &str) -> Sheet {
        let cells = self.xlsx.worksheet_range(name).unwrap();
        let formulas = self.xlsx.worksheet_formula(name).unwrap();
        Sheet { cells, formulas }
    }
}

/// One sheet read back.
pub struct Sheet {
    cells: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    /// The cell at (row, column), from 0; empty outside the used range.
    pub fn get(&self, row: u32, col: u32) -> Data {
        self.cells
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    /// The formula at (row, column), without "="; empty when none.
    pub fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    /// A text cell's text; empty for any other cell.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.get(row, col) {
            Data::String(s) => s,
            _ => String::new(),
        }
    }

    /// A number cell's value; `None` for an empty cell or an empty text (a blank formula),
    /// a failure for anything else.
    pub fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.get(row, col) {
            Data::Float(f) => Some(f),
            Data::Int(i) => Some(i as f64),
            Data::Empty => None,
            Data::String(s) if s.is_empty() => None,
            other => panic!("({row}, {col}): expected a number, found {other:?}"),
        }
    }

    /// Every text cell's text, row by row.
    pub fn texts(&self) -> Vec<String> {
        self.cells
            .used_cells()
            .filter_map(|(_, _, d)| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    /// The (row, column) of the first cell whose text is `text`.
    pub fn find(&self, text: &str) -> (u32, u32) {
        let (r0, c0) = self.cells.start().unwrap_or((0, 0));
        self.cells
            .used_cells()
            .find(|(_, _, d)| matches!(d, Data::String(s) if s == text))
            .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
            .unwrap_or_else(|| panic!("no cell reads {text:?}"))
    }

    /// One past the last used row.
    pub fn end_row(&self) -> u32 {
        self.cells.end().map_or(0, |(r, _)| r + 1)
    }
}

/// A GraphQL number (`Count`, `Money`, `Float`) or null.
pub fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A rate as a form writes it: two decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Asserts two optional numbers are equal (to 1e-6, for rates read back from a file).
#[track_caller]
pub fn same(found: Option<f64>, expected: Option<f64>, what: &str) {
    match (found, expected) {
        (Some(f), Some(e)) => assert!((f - e).abs() < 1e-6, "{what}: {f}, expected {e}"),
        (f, e) => assert_eq!(f, e, "{what}"),
    }
}

/// The API's answer about a unit in 2020-9, from a server with public reads: the unit's whole
/// figures (`whole`), each leaf case type's (`byType`), each office's (`byOffice`) and which
/// office sent what when (`completeness`).
pub async fn api(t: &TestDb, unit: &str) -> Value {
    let (cases, money) = (selection(Form::Cases), selection(Form::Money));
    let measure = "enforceable resolved rate target gapToTarget previousYear { rate }";
    let query = format!(
        "query($unit: String!) {{
          whole: stats(period: {{year: 2020, months: 9}}, filter: {{units: [$unit]}}) {{
            cases {{ {measure} }} money {{ {measure} }} }}
          byType: stats(period: {{year: 2020, months: 9}}, filter: {{units: [$unit]}},
                        groupBy: [CASE_TYPE]) {{
            caseType {{ code }} cases {{ {cases} }} money {{ {money} }} }}
          byOffice: stats(period: {{year: 2020, months: 9}}, filter: {{units: [$unit]}},
                          groupBy: [OFFICE]) {{
            unit {{ code name }} cases {{ {measure} }} money {{ {measure} }} }}
          completeness(period: {{year: 2020, months: 9}}, unit: $unit) {{
            unit {{ code name }} form received {{ at }} }}
        }}"
    );
    let running = server(t, true).await;
    let (status, answer) = graphql(&running, None, &query, json!({ "unit": unit })).await;
    running.stop().await.unwrap();
    assert!(status.is_success(), "{answer}");
    assert!(answer.get("errors").is_none(), "{answer}");
    answer["data"].clone()
}
