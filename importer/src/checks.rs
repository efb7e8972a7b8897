//! The figures of a form sheet checked against each other: the identities of every row, every
//! group and total row against the sum of the rows it totals, and the written rate against the
//! one computed from the row (resolved / enforceable × 100).
//!
//! Rows with a cell that could not be read are not checked: their problem is already reported.

use crate::columns::Columns;
use crate::grid::Grid;
use crate::problems::Problems;
use crate::rows::DataRow;
use crate::template::{Column, ColumnKind, Template};
use crate::values::Written;
use thads_domain::{Arg, Field, Form, Outcome, Problem, ProblemCode};

/// Largest difference accepted between a written rate and the computed one, in points.
const RATE_TOLERANCE: f64 = 0.01 + 1e-9;

/// Runs every check of a sheet whose columns are all present.
pub(crate) fn check(
    grid: &Grid,
    template: &Template,
    columns: &Columns,
    rows: &[Option<DataRow>],
    scale: i64,
    problems: &mut Problems,
) {
    let place = |field: Field| {
        columns
            .placed
            .iter()
            .find(|(c, _)| c.kind == ColumnKind::Field(field))
    };
    let shown = |v: i64| amount(v, scale);
    for row in rows.iter().flatten().filter(|r| r.readable) {
        for broken in row.values.broken_identities() {
            if let Some((column, col)) = place(broken.field) {
                let problem = Problem::error(ProblemCode::Identity)
                    .arg("rule", Arg::phrase(rule_phrase(broken.rule)))
                    .arg("found", shown(broken.found))
                    .arg("expected", shown(broken.expected));
                problems.cell(grid, (row.row, *col), at(row, column, problem));
            }
        }
        check_rate(grid, columns, row, problems);
    }
    for (node, slot) in template.rows.iter().zip(rows) {
        let Some(total) = slot.as_ref().filter(|r| r.readable) else {
            continue;
        };
        let parts: Option<Vec<&DataRow>> = node
            .children
            .iter()
            .map(|&c| rows[c].as_ref().filter(|r| r.readable))
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            continue;
        };
        let mut sum = Outcome::default();
        for part in &parts {
            sum.add(&part.values);
        }
        for field in Field::of_form(template.form()) {
            let (found, expected) = (total.values.get(field), sum.get(field));
            if found == expected {
                continue;
            }
            if let Some((column, col)) = place(field) {
                let problem = Problem::error(ProblemCode::Sum)
                    .arg("found", shown(found))
                    .arg("parts", parts.len())
                    .arg("expected", shown(expected));
                problems.cell(grid, (total.row, *col), at(total, column, problem));
            }
        }
    }
}

fn at(row: &DataRow, column: &Column, problem: Problem) -> Problem {
    problem
        .in_row(row.label.as_str())
        .in_column(column.number, column.heading.as_str())
}

/// The written rate against resolved / enforceable × 100; a cell formatted as a percentage holds
/// the fraction, which is accepted too.
fn check_rate(grid: &Grid, columns: &Columns, row: &DataRow, problems: &mut Problems) {
    let Some((written, col)) = row.rate else {
        return;
    };
    let Some((column, _)) = columns.placed.iter().find(|(_, c)| *c == col) else {
        return;
    };
    let problem = match (row.values.rate(), written) {
        (None, Written::Blank) => return,
        (None, Written::Value(0.0)) => return,
        (None, Written::Value(w)) => Problem::error(ProblemCode::Rate)
            .arg("expected", Arg::phrase("rate-blank-or-zero"))
            .arg("found", Arg::Number(w)),
        (Some(r), Written::Blank) => {
            Problem::warning(ProblemCode::RateMissing).arg("rate", Arg::Decimal(r))
        }
        (Some(r), Written::Value(w)) => {
            if (w - r).abs() <= RATE_TOLERANCE || (w * 100.0 - r).abs() <= RATE_TOLERANCE {
                return;
            }
            Problem::error(ProblemCode::Rate)
                .arg("expected", Arg::Decimal(r))
                .arg("found", Arg::Number(w))
        }
    };
    problems.cell(
        grid,
        (row.row, col),
        problem
            .in_row(row.label.as_str())
            .in_column(column.number, column.heading.as_str()),
    );
}

/// An amount in the unit the sheet is written in (e.g. thousands of đồng).
pub(crate) fn amount(value: i64, scale: i64) -> Arg {
    Arg::Amount { value, scale }
}

/// The phrase of the message files that writes out an identity of the form.
fn rule_phrase(rule: &str) -> &'static str {
    match rule.split_once(" = ") {
        Some(("total_accepted", _)) => "rule-total-accepted",
        Some(("to_enforce", r)) if r.starts_with("total_accepted") => "rule-to-enforce-accepted",
        Some(("to_enforce", _)) => "rule-to-enforce-enforceable",
        Some(("enforceable", _)) => "rule-enforceable",
        _ => "rule-carried-forward",
    }
}

/// What the values of a form are counted in, as messages name it.
pub(crate) fn unit_name(form: Form) -> Arg {
    match form {
        Form::Cases => Arg::phrase("unit-cases"),
        Form::Money => Arg::phrase("unit-dong"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use thads_domain::Lang;

    #[test]
    fn every_identity_has_its_phrase() {
        let rules = [
            (
                "total_accepted = carried_over + newly_accepted",
                "rule-total-accepted",
            ),
            (
                "to_enforce = total_accepted − entrusted − withdrawn",
                "rule-to-enforce-accepted",
            ),
            (
                "to_enforce = enforceable + not_enforceable",
                "rule-to-enforce-enforceable",
            ),
            (
                "enforceable = resolved + in_progress + postponed + suspended + other",
                "rule-enforceable",
            ),
            (
                "carried_forward = to_enforce − resolved",
                "rule-carried-forward",
            ),
        ];
        for (rule, phrase) in rules {
            assert_eq!(rule_phrase(rule), phrase);
            assert_eq!(Arg::phrase(phrase).render(Lang::En), rule);
        }
        assert_eq!(amount(1_500, 1000).render(Lang::En), "1.5");
        assert_eq!(unit_name(Form::Cases).render(Lang::Vi), "việc");
    }
}
