//! What the import tests share: running the real `thads` command in-process, reading its JSON
//! lines, loading the registry, writing generated workbooks into a temporary folder, and
//! comparing what was stored with what was generated.

use serde_json::Value;
use std::path::{Path, PathBuf};
use thads_domain::services::reports::{ReportSnapshot, current_rows, snapshot};
use thads_domain::{Form, Outcome, Period};
use thads_tests::db::TestDb;
use thads_tests::fixtures::{WorkbookSpec, write_xlsx};

/// The committed fixtures: `real/` (the two example workbooks and units.csv) and `foreign/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// What one run of `thads` printed and returned.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The JSON objects of `--format json`, one per file, in the order printed.
    pub fn outcomes(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{self:?}"))
            })
            .collect()
    }

    /// The only outcome; fails unless there is exactly one.
    pub fn single(&self) -> Value {
        let mut all = self.outcomes();
        assert_eq!(all.len(), 1, "expected one outcome: {self:#?}");
        all.remove(0)
    }
}

/// Runs `thads` with these arguments (without the program name).
pub async fn thads(args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("thads").chain(args.iter().copied());
    let code = thads_api::cli::run(argv, &mut out, &mut err).await;
    Run {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// `thads import --db URL --format json [extra…] PATH…`.
pub async fn import(t: &TestDb, paths: &[&Path], extra: &[&str]) -> Run {
    // English messages, whatever the locale of the machine running the tests.
    let mut args = vec![
        "import",
        "--db",
        t.url.as_str(),
        "--format",
        "json",
        "--lang",
        "en",
    ];
    args.extend_from_slice(extra);
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    thads(&args).await
}

/// Imports one file and returns its exit code and outcome.
pub async fn import_one(t: &TestDb, path: &Path) -> (u8, Value) {
    let run = import(t, &[path], &[]).await;
    let outcome = run.single();
    (run.code, outcome)
}

/// Loads a units CSV through `thads units import`.
pub async fn load_units_file(t: &TestDb, csv: &Path) {
    let file = csv.display().to_string();
    let run = thads(&["units", "import", &file, "--db", &t.url]).await;
    assert_eq!(run.code, 0, "units import failed: {run:#?}");
}

/// Loads the example registry (`tests/fixtures/real/units.csv`, Long An).
pub async fn load_units(t: &TestDb) {
    load_units_file(t, &fixture("real/units.csv")).await;
}

/// Writes a generated workbook into `dir` under `name`.
pub fn write(dir: &Path, name: &str, spec: &WorkbookSpec) -> PathBuf {
    let path = dir.join(name);
    write_xlsx(spec, &path).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    path
}

/// Every stored report, to show that an import changed nothing.
pub async fn reports(t: &TestDb) -> Vec<ReportSnapshot> {
    snapshot(&t.db).await.expect("snapshot of the reports")
}

/// The current stored rows of one report, by case-type code; `None` when nothing is stored.
pub async fn stored(
    t: &TestDb,
    unit: &str,
    period: Period,
    form: Form,
) -> Option<Vec<(String, Outcome)>> {
    current_rows(&t.db, unit, period, form)
        .await
        .expect("reading the stored rows")
}

/// Differences between what is stored for `unit` and what `spec` generated, for every form the
/// spec holds (empty when they are equal).
pub async fn stored_differences(t: &TestDb, unit: &str, spec: &WorkbookSpec) -> Vec<String> {
    let mut diffs = Vec::new();
    for form in spec.forms() {
        let expected: Vec<(String, Outcome)> = spec
            .values
            .form(form)
            .leaves()
            .map(|(code, o)| (code.to_owned(), *o))
            .collect();
        match stored(t, unit, spec.period, form).await {
            None => diffs.push(format!("{form}: nothing stored")),
            Some(mut rows) => {
                rows.sort_by(|a, b| a.0.cmp(&b.0));
                let mut expected = expected;
                expected.sort_by(|a, b| a.0.cmp(&b.0));
                if rows.len() != expected.len() {
                    diffs.push(format!(
                        "{form}: {} rows stored, {} expected",
                        rows.len(),
                        expected.len()
                    ));
                }
                for ((code, got), (_, want)) in rows.iter().zip(&expected) {
                    for f in thads_domain::Field::of_form(form) {
                        if got.get(f) != want.get(f) {
                            diffs.push(format!(
                                "{form} {code} {f}: stored {}, generated {}",
                                got.get(f),
                                want.get(f)
                            ));
                        }
                    }
                }
            }
        }
    }
    diffs
}

/// A problem as (code, sheet, cell), the place the tests assert.
pub type Place = (String, Option<String>, Option<String>);

/// The errors of an outcome as (code, sheet, cell), sorted.
pub fn errors(outcome: &Value) -> Vec<Place> {
    let mut out: Vec<Place> = outcome["problems"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            let s = |k: &str| p[k].as_str().map(str::to_owned);
            (s("code").unwrap_or_default(), s("sheet"), s("cell"))
        })
        .collect();
    out.sort();
    out
}

/// The warnings of an outcome, whole.
pub fn warnings(outcome: &Value) -> Vec<&Value> {
    outcome["problems"]
        .as_array()
        .map(|ps| ps.iter().filter(|p| p["severity"] == "warning").collect())
        .unwrap_or_default()
}

/// An expected error at a cell of a sheet.
pub fn at(code: &str, sheet: &str, cell: &str) -> Place {
    (
        code.to_owned(),
        Some(sheet.to_owned()),
        Some(cell.to_owned()),
    )
}

/// An expected error of a whole sheet (no cell).
pub fn in_sheet(code: &str, sheet: &str) -> Place {
    (code.to_owned(), Some(sheet.to_owned()), None)
}

/// An expected error of the whole file (no sheet, no cell).
pub fn in_file(code: &str) -> Place {
    (code.to_owned(), None, None)
}

/// The problem with this code, for looking at its message or column.
pub fn problem<'a>(outcome: &'a Value, code: &str) -> &'a Value {
    outcome["problems"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["code"] == code))
        .unwrap_or_else(|| panic!("no problem {code} in {outcome:#}"))
}
