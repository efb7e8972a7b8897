//! Checks of a workbook against the reports of the neighbouring months: warnings, not errors.

use super::current::{CurrentReports, Held, Slot};
use super::store::{CaseTypeIds, units_by_code};
use crate::error::DomainError;
use crate::outcome::Field;
use crate::period::Period;
use crate::problem::{Problem, a1};
use crate::problem_args::Arg;
use crate::problem_code::ProblemCode;
use crate::report::{CheckedReport, CheckedWorkbook};
use sea_orm::ConnectionTrait;

/// Warnings from the current reports of the same office, form and enforcement year for the
/// month before and the month after (when stored): `carried_over_changed` where carried-over
/// figures differ, `cumulative_fell` where a cumulative flow is lower than the month before or
/// higher than the month after. Each is placed at its sheet, cell, row and column. Reads only;
/// an office that is not in the registry has no stored reports and gets no warning.
pub async fn cross_report_warnings(
    db: &impl ConnectionTrait,
    workbook: &CheckedWorkbook,
) -> Result<Vec<Problem>, DomainError> {
    let units = units_by_code(db, [workbook.unit.as_str()], false).await?;
    let Some(unit) = units.get(&workbook.unit) else {
        return Ok(Vec::new());
    };
    let case_types = CaseTypeIds::load(db).await?;
    let current =
        CurrentReports::load(db, &[unit.id], &[workbook.period], case_types.codes()).await?;
    Ok(warnings(workbook, unit.id, &current))
}

/// The warnings of a workbook of office `unit_id` against `current`.
pub(super) fn warnings(
    workbook: &CheckedWorkbook,
    unit_id: i32,
    current: &CurrentReports,
) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for report in &workbook.reports {
        let slot = Slot {
            unit_id,
            period: workbook.period,
            form: report.form,
        };
        for (period, other) in current.neighbours(slot) {
            compare(report, workbook.period, period, other, &mut warnings);
        }
    }
    warnings
}

/// The warnings of one report against its neighbour of `other_period`.
fn compare(
    report: &CheckedReport,
    period: Period,
    other_period: Period,
    other: &Held,
    warnings: &mut Vec<Problem>,
) {
    let earlier = other_period < period;
    for row in &report.rows {
        let Some(theirs) = other.rows.get(&row.case_type) else {
            continue;
        };
        for field in Field::of_form(report.form) {
            let (mine, their) = (row.values.get(field), theirs.get(field));
            let warning = if field == Field::CarriedOver && mine != their {
                Problem::warning(ProblemCode::CarriedOverChanged)
                    .arg("mine", mine)
                    .arg("their", their)
                    .arg("period", other_period.label())
            } else if field.is_cumulative_flow()
                && (earlier && mine < their || !earlier && mine > their)
            {
                Problem::warning(ProblemCode::CumulativeFell)
                    .arg(
                        "field",
                        Arg::words(field.heading(), field.key().replace('_', " ")),
                    )
                    .arg("mine", mine)
                    .arg("their", their)
                    .arg("period", other_period.label())
            } else {
                continue;
            };
            let mut warning = warning.in_sheet(&report.sheet).in_row(&row.label);
            if let Some(column) = report.columns.iter().find(|c| c.field == field) {
                warning = warning
                    .at_cell(a1(row.row, column.index))
                    .in_column(column.number, field.heading());
            }
            warnings.push(warning);
        }
    }
}
