//! Checks of a workbook against the reports of the neighbouring months: warnings, not errors.

use crate::entities::{case_types, report_rows, reports, units};
use crate::outcome::{Field, Outcome};
use crate::period::Period;
use crate::problem::{Problem, a1};
use crate::report::{CheckedReport, CheckedWorkbook};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// A stored neighbour of a report: its period and its rows by case type code.
struct Neighbour {
    period: Period,
    rows: HashMap<String, Outcome>,
}

/// Warnings from the current reports of the same office, form and enforcement year for the
/// month before and the month after (when stored): `carried_over_changed` where carried-over
/// figures differ, `cumulative_fell` where a cumulative flow is lower than the month before or
/// higher than the month after. Each is placed at its sheet, cell, row and column. Two
/// queries, whatever the workbook.
pub async fn cross_report_warnings(
    db: &impl ConnectionTrait,
    workbook: &CheckedWorkbook,
) -> Result<Vec<Problem>, DbErr> {
    let period = workbook.period;
    let months: Vec<i32> = [period.previous_month(), period.next_month()]
        .into_iter()
        .flatten()
        .map(|p| i32::from(p.months()))
        .collect();
    if months.is_empty() || workbook.reports.is_empty() {
        return Ok(Vec::new());
    }
    let forms: Vec<&str> = workbook.reports.iter().map(|r| r.form.as_str()).collect();
    let stored: Vec<(reports::Model, Option<units::Model>)> = reports::Entity::find()
        .find_also_related(units::Entity)
        .filter(units::Column::Code.eq(workbook.unit.as_str()))
        .filter(reports::Column::Year.eq(period.year()))
        .filter(reports::Column::Months.is_in(months))
        .filter(reports::Column::Form.is_in(forms))
        .filter(reports::Column::IsCurrent.eq(true))
        .all(db)
        .await?;
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = stored.iter().map(|(r, _)| r.id).collect();
    let rows = report_rows::Entity::find()
        .find_also_related(case_types::Entity)
        .filter(report_rows::Column::ReportId.is_in(ids))
        .all(db)
        .await?;
    let mut neighbours: HashMap<i32, (String, Neighbour)> = HashMap::new();
    for (r, _) in &stored {
        let Ok(p) = Period::new(i64::from(r.year), i64::from(r.months)) else {
            continue;
        };
        let n = Neighbour {
            period: p,
            rows: HashMap::new(),
        };
        neighbours.insert(r.id, (r.form.clone(), n));
    }
    for (row, case_type) in rows {
        if let (Some((_, n)), Some(ct)) = (neighbours.get_mut(&row.report_id), case_type) {
            n.rows.insert(ct.code, row.outcome());
        }
    }
    let mut neighbours: Vec<(String, Neighbour)> = neighbours.into_values().collect();
    neighbours.sort_by_key(|(_, n)| n.period);
    let mut warnings = Vec::new();
    for report in &workbook.reports {
        for (form, n) in &neighbours {
            if form == report.form.as_str() {
                compare(report, period, n, &mut warnings);
            }
        }
    }
    Ok(warnings)
}

/// The warnings of one report against one neighbour.
fn compare(report: &CheckedReport, period: Period, other: &Neighbour, warnings: &mut Vec<Problem>) {
    let earlier = other.period < period;
    for row in &report.rows {
        let Some(theirs) = other.rows.get(&row.case_type) else {
            continue;
        };
        for field in Field::of_form(report.form) {
            let (mine, their) = (row.values.get(field), theirs.get(field));
            let warning = if field == Field::CarriedOver && mine != their {
                Problem::warning(
                    "carried_over_changed",
                    format!(
                        "carried over {mine} here, {their} in the report of {}: it should not change within a year",
                        other.period
                    ),
                )
            } else if field.is_cumulative_flow()
                && (earlier && mine < their || !earlier && mine > their)
            {
                Problem::warning(
                    "cumulative_fell",
                    format!(
                        "{} {mine} here, {their} in the report of {}: a total since 1 October cannot fall from one month to the next",
                        field.key().replace('_', " "),
                        other.period
                    ),
                )
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
