//! A whole workbook checked: its form sheets found and checked, then put together. The forms of
//! a workbook must agree on the reporting unit and the period, and each form may appear once.

use crate::context::CheckContext;
use crate::formsheet::{self, FormSheet};
use crate::grid::Grid;
use crate::open::{self, Format};
use crate::problems::Problems;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use thads_domain::{Arg, CheckedWorkbook, Form, Period, Problem, ProblemCode, a1};

/// What checking one file found.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookCheck {
    /// The checked workbook, ready to store; `Some` only when there is no error.
    pub workbook: Option<CheckedWorkbook>,
    /// The reporting office recognised (its code), even when the file is rejected; or the unit
    /// above the offices whose consolidated report the workbook is.
    pub unit: Option<String>,
    /// Whether the workbook is the consolidated report of a unit above the offices (a
    /// province's own Mẫu 01/02): its figures are to be reconciled with the sum of its offices'
    /// stored reports, never stored ([`crate::batch`] sees to it).
    pub consolidated: bool,
    /// The period recognised, even when the file is rejected.
    pub period: Option<Period>,
    /// The forms recognised, cases first, even when the file is rejected.
    pub forms: Vec<Form>,
    /// Every error and warning, in sheet, row and column order.
    pub problems: Vec<Problem>,
}

/// Reads and checks one workbook: the file's name (only to warn when it does not match the
/// content) and its bytes. Never panics; every problem of the file is reported at once.
pub fn check_workbook(file_name: &str, bytes: &[u8], ctx: &CheckContext) -> WorkbookCheck {
    catch_unwind(AssertUnwindSafe(|| check(file_name, bytes, ctx)))
        .unwrap_or_else(|_| WorkbookCheck::refused(Problem::error(ProblemCode::Internal)))
}

impl WorkbookCheck {
    /// The check of a file refused before anything of it was recognised.
    pub(crate) fn refused(problem: Problem) -> Self {
        Self {
            workbook: None,
            unit: None,
            consolidated: false,
            period: None,
            forms: Vec::new(),
            problems: vec![problem],
        }
    }
}

fn check(file_name: &str, bytes: &[u8], ctx: &CheckContext) -> WorkbookCheck {
    if let Some(e) = &ctx.template_error {
        return WorkbookCheck::refused(
            Problem::error(ProblemCode::Template).arg("detail", e.to_string()),
        );
    }
    let book = match open::read(bytes) {
        Ok(book) => book,
        Err(problem) => return WorkbookCheck::refused(*problem),
    };
    let mut problems = Problems::default();
    if let Some(warning) = misnamed(file_name, book.format) {
        problems.file(warning);
    }
    let sheets = with_tables(
        book.sheets
            .iter()
            .filter_map(|g| formsheet::check(g, &ctx.templates, &ctx.units))
            .collect(),
    );
    if sheets.is_empty() {
        problems.file(no_form(ctx, &book.hidden, book.sheets.is_empty()));
    }
    let grid = |s: &FormSheet| &book.sheets[s.sheet];
    for (i, s) in sheets.iter().enumerate() {
        if let Some(first) = sheets[..i].iter().find(|o| o.form == s.form) {
            problems.sheet(
                grid(s),
                Problem::error(ProblemCode::DuplicateForm)
                    .arg("form", s.form.title())
                    .arg("sheet", grid(first).name.as_str()),
            );
        }
    }
    let named = |code: &String| Arg::unit(code.as_str(), ctx.units.name(code).unwrap_or(code));
    let unit = agreed(
        &sheets,
        |s| s.unit.clone(),
        grid,
        ("unit", &named),
        &mut problems,
    );
    let label = |p: &Period| Arg::Text(p.label());
    let period = agreed(
        &sheets,
        |s| s.period,
        grid,
        ("period", &label),
        &mut problems,
    );
    let mut forms: Vec<Form> = sheets.iter().map(|s| s.form).collect();
    forms.sort();
    forms.dedup();
    let mut reports = Vec::new();
    for s in sheets {
        problems.append(s.problems);
        reports.extend(s.report);
    }
    reports.sort_by_key(|r| r.form);
    let complete = reports.len() == forms.len();
    let workbook = match (&unit, period) {
        (Some(unit), Some(period)) if complete && !problems.has_errors() => Some(CheckedWorkbook {
            unit: unit.clone(),
            period,
            reports,
        }),
        _ => None,
    };
    WorkbookCheck {
        workbook,
        consolidated: unit.as_deref().is_some_and(|u| ctx.units.is_area(u)),
        unit,
        period,
        forms,
        problems: problems.into_sorted(),
    }
}

/// A sheet that names a form but has no table (instructions, a cover page) is passed over when
/// another sheet holds that form's table.
fn with_tables(sheets: Vec<FormSheet>) -> Vec<FormSheet> {
    let tabled: Vec<Form> = sheets
        .iter()
        .filter(|s| s.has_table)
        .map(|s| s.form)
        .collect();
    sheets
        .into_iter()
        .filter(|s| s.has_table || !tabled.contains(&s.form))
        .collect()
}

/// The value every sheet agrees on (the first found), reporting the sheets that disagree.
fn agreed<'g, T: PartialEq + Clone>(
    sheets: &[FormSheet],
    value: impl Fn(&FormSheet) -> Option<(T, (u32, u32))>,
    grid: impl Fn(&FormSheet) -> &'g Grid,
    (what, shown): (&str, &dyn Fn(&T) -> Arg),
    problems: &mut Problems,
) -> Option<T> {
    let mut first: Option<(T, &FormSheet, (u32, u32))> = None;
    for s in sheets {
        let Some((v, at)) = value(s) else {
            continue;
        };
        match &first {
            None => first = Some((v, s, at)),
            Some((f, fs, fat)) if *f != v => problems.cell(
                grid(s),
                at,
                Problem::error(ProblemCode::FormsDisagree)
                    .arg("what", what)
                    .arg("here", shown(&v))
                    .arg("first", shown(f))
                    .arg("sheet", grid(fs).name.as_str())
                    .arg("at", a1(fat.0, fat.1)),
            ),
            Some(_) => (),
        }
    }
    first.map(|(v, _, _)| v)
}

/// Why a workbook without form sheets was refused, saying what was looked for.
fn no_form(ctx: &CheckContext, hidden: &[String], no_sheets: bool) -> Problem {
    let looked_for: Vec<Arg> = ctx
        .templates
        .iter()
        .map(|t| {
            let names: Vec<String> = t.recognisers().map(|r| format!("\"{r}\"")).collect();
            Arg::words(
                format!("{} ({})", t.name(), names.join(" hoặc ")),
                format!("{} ({})", t.name(), names.join(" or ")),
            )
        })
        .collect();
    let hidden = if hidden.is_empty() {
        Arg::Text("none".to_owned())
    } else {
        Arg::quoted(hidden)
    };
    Problem::error(ProblemCode::NoForm)
        .arg("why", if no_sheets { "no_sheets" } else { "no_match" })
        .arg("looked_for", Arg::List(looked_for))
        .arg("hidden", hidden)
}

/// A warning when the file's extension names another format than its content.
fn misnamed(file_name: &str, format: Format) -> Option<Problem> {
    let ext = Path::new(file_name)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    let named = match ext.as_str() {
        "xlsx" | "xlsm" => Format::Xlsx,
        "xlsb" => Format::Xlsb,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        _ => return None,
    };
    let actual = match format {
        Format::Xlsx => ".xlsx",
        Format::Xlsb => ".xlsb",
        Format::Xls => ".xls",
        Format::Ods => ".ods",
    };
    (named != format).then(|| {
        Problem::warning(ProblemCode::Misnamed)
            .arg("named", ext.as_str())
            .arg("actual", actual)
    })
}
