//! Less noise: a warning that repeats on many rows or columns of one sheet (a rate column left
//! blank gives `rate_missing` on every row) is said once for the sheet, with how many times
//! and at which cells. Errors always stay one per cell: each is a cell to correct.

use crate::problem::{Problem, Severity};
use crate::problem_code::ProblemCode;
use std::collections::HashMap;

/// From how many times on one sheet a warning is said once.
pub const GROUP_FROM: usize = 3;

/// The problems in the same order, the warnings that repeat [`GROUP_FROM`] times or more on a
/// sheet (those whose code [groups by sheet](ProblemCode::groups_by_sheet)) said once, where
/// the first of them was.
pub fn group_repeated(problems: Vec<Problem>) -> Vec<Problem> {
    let key = |p: &Problem| -> Option<(Option<String>, ProblemCode)> {
        (p.severity == Severity::Warning && p.code.groups_by_sheet() && p.cells.is_empty())
            .then(|| (p.sheet.clone(), p.code))
    };
    let mut counts: HashMap<(Option<String>, ProblemCode), usize> = HashMap::new();
    for p in &problems {
        if let Some(k) = key(p) {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut out: Vec<Problem> = Vec::with_capacity(problems.len());
    let mut grouped_at: HashMap<(Option<String>, ProblemCode), usize> = HashMap::new();
    for p in problems {
        let Some(k) = key(&p).filter(|k| counts.get(k).is_some_and(|&n| n >= GROUP_FROM)) else {
            out.push(p);
            continue;
        };
        match grouped_at.get(&k) {
            Some(&at) => {
                let group = &mut out[at];
                group.cells.extend(p.cell.clone());
                group
                    .args
                    .retain(|name, value| p.args.get(name) == Some(value));
                if group.column != p.column {
                    group.column = None;
                }
            }
            None => {
                grouped_at.insert(k, out.len());
                let mut group = p;
                group.cells = group.cell.take().into_iter().collect();
                group.row = None;
                out.push(group);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::problem_args::Arg;

    fn blank_rate(sheet: &str, cell: &str, rate: f64) -> Problem {
        Problem::warning(ProblemCode::RateMissing)
            .arg("rate", Arg::Decimal(rate))
            .in_sheet(sheet)
            .at_cell(cell)
            .in_row("1. Hình sự")
            .in_column(15, "Tỷ lệ (%)")
    }

    #[test]
    fn a_blank_rate_column_is_said_once_per_sheet() {
        let mut problems: Vec<Problem> = (10..26)
            .map(|r| blank_rate("01-TK", &format!("F{r}"), 50.0))
            .collect();
        problems.insert(1, Problem::error(ProblemCode::NotANumber).arg("found", "x"));
        problems.push(blank_rate("02-TK", "G10", 20.0));
        let grouped = group_repeated(problems);
        assert_eq!(grouped.len(), 3);
        assert_eq!(grouped[0].cells.len(), 16);
        assert_eq!(grouped[0].cell, None);
        assert_eq!(
            grouped[0].line(Lang::Vi),
            "01-TK › (cột 15 \"Tỷ lệ (%)\"): cảnh báo: cột tỷ lệ để trống ở 16 dòng (F10, F11, F12, …)"
        );
        assert_eq!(
            grouped[0].message(Lang::En),
            "the rate is not written on 16 rows (F10, F11, F12, …)"
        );
        assert_eq!(grouped[1].code, ProblemCode::NotANumber);
        assert_eq!(grouped[2].cell.as_deref(), Some("G10"));
    }

    #[test]
    fn errors_and_a_few_warnings_stay_as_they_are() {
        let problems = vec![
            blank_rate("S", "F10", 1.0),
            blank_rate("S", "F11", 2.0),
            Problem::error(ProblemCode::Rate).in_sheet("S"),
            Problem::error(ProblemCode::Rate).in_sheet("S"),
            Problem::error(ProblemCode::Rate).in_sheet("S"),
        ];
        assert_eq!(group_repeated(problems.clone()), problems);
    }
}
