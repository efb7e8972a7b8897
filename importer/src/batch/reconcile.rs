//! A consolidated report — a province's (or the nation's) own Mẫu 01/02, written by thads or by
//! hand — checked against what thads holds. Only offices' reports are stored, so such a
//! workbook is never stored: in a dry run every value cell of its case-type rows is compared
//! with the sum of the stored reports of the unit's offices for the same period, and each cell
//! that differs is named. Group and total rows need no comparison of their own: the check has
//! already found them equal to the sum of their rows.

use crate::checks::unit_name;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use thads_domain::error::DomainError;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::stats::{completeness, stats};
use thads_domain::stats::{Dimension, StatsFilter, StatsQuery};
use thads_domain::{Arg, CheckedReport, CheckedWorkbook, Form, Outcome, Problem, ProblemCode, a1};

/// What a real import says of a consolidated report, refused.
pub(crate) fn refusal(unit: Arg) -> Problem {
    Problem::error(ProblemCode::ConsolidatedReport).arg("unit", unit)
}

/// Every difference between a consolidated report and the sum of the stored reports of its
/// unit's offices, one error per cell, after a warning per form naming the offices whose
/// report is missing from the sums. None: the report is consistent. Three statements beside
/// the trees: the sums (two) and which offices reported (one).
pub(crate) async fn differences(
    db: &impl ConnectionTrait,
    units: &UnitTree,
    cases: &CaseTree,
    workbook: &CheckedWorkbook,
) -> Result<Vec<Problem>, DomainError> {
    let query = StatsQuery {
        period: workbook.period,
        filter: StatsFilter {
            units: vec![workbook.unit.clone()],
            case_types: Vec::new(),
        },
        group_by: vec![Dimension::CaseType],
        order_by: Vec::new(),
        limit: None,
        previous_year: false,
        as_of: None,
    };
    let rows = stats(db, units, cases, &query).await?;
    let statuses = completeness(db, units, workbook.period, Some(&workbook.unit), None).await?;
    let mut problems = Vec::new();
    for report in &workbook.reports {
        let sums: HashMap<&str, Outcome> = rows
            .iter()
            .filter_map(|row| Some((row.case_type.as_deref()?, row.measure(report.form).values?)))
            .collect();
        if sums.is_empty() {
            problems.push(nothing_stored(units, workbook, report));
            continue;
        }
        let missing: Vec<Arg> = statuses
            .iter()
            .filter(|s| s.form == report.form && s.received.is_none())
            .map(|s| unit_arg(units, &s.unit))
            .collect();
        if !missing.is_empty() {
            problems.push(
                Problem::warning(ProblemCode::OfficesMissing)
                    .arg("form", report.form.title())
                    .arg("offices", Arg::List(missing))
                    .in_sheet(report.sheet.as_str()),
            );
        }
        problems.extend(cells_differing(report, &sums));
    }
    Ok(problems)
}

/// A form of the report that no office of the unit has sent.
fn nothing_stored(units: &UnitTree, workbook: &CheckedWorkbook, report: &CheckedReport) -> Problem {
    Problem::error(ProblemCode::NoOfficeReports)
        .arg("unit", unit_arg(units, &workbook.unit))
        .arg("form", report.form.title())
        .arg("period", workbook.period.label())
        .in_sheet(report.sheet.as_str())
}

/// A unit as messages name it: by its registry name and code.
fn unit_arg(units: &UnitTree, code: &str) -> Arg {
    let name = units.find(code).and_then(|id| units.name(id));
    Arg::unit(code, name.unwrap_or(code))
}

/// The cells of a form whose value is not the sum of the offices'. The form was reported (the
/// caller checked), so a case type none of its reports holds a row of sums to 0: a workbook
/// gives every case type, and a row left out of a stored report means nothing of that type.
fn cells_differing(report: &CheckedReport, sums: &HashMap<&str, Outcome>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for row in &report.rows {
        let sum = sums.get(row.case_type.as_str());
        for place in &report.columns {
            let written = row.values.get(place.field);
            let stored = sum.map_or(0, |s| s.get(place.field));
            if written == stored {
                continue;
            }
            problems.push(
                differs(report.form, written, stored)
                    .in_sheet(report.sheet.as_str())
                    .at_cell(a1(row.row, place.index))
                    .in_row(row.label.as_str())
                    .in_column(place.number, place.field.heading()),
            );
        }
    }
    problems
}

fn differs(form: Form, written: i64, stored: i64) -> Problem {
    Problem::error(ProblemCode::DiffersFromOffices)
        .arg("written", written)
        .arg("stored", stored)
        .arg(
            "difference",
            Arg::Difference(written.saturating_sub(stored)),
        )
        .arg("unit", unit_name(form))
}
