//! Small reads of the stored reports: what is current, and the whole history in a comparable
//! form (tests use it to show that an import changed nothing).

use crate::entities::{case_types, report_rows, reports, units};
use crate::form::Form;
use crate::outcome::Outcome;
use crate::period::Period;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

/// One stored report, as far as history goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportSnapshot {
    /// The office's code.
    pub unit: String,
    /// Enforcement year.
    pub year: i32,
    /// Months since 1 October.
    pub months: i32,
    /// Cases or money.
    pub form: Form,
    /// Whether it is the current report.
    pub is_current: bool,
    /// The digest of its values.
    pub content_hash: String,
}

/// Every stored report, current or not, sorted. Two snapshots are equal when no report was
/// added, replaced or changed.
pub async fn snapshot(db: &impl ConnectionTrait) -> Result<Vec<ReportSnapshot>, DbErr> {
    let stored = reports::Entity::find()
        .find_also_related(units::Entity)
        .all(db)
        .await?;
    let mut snapshot: Vec<ReportSnapshot> = stored
        .into_iter()
        .map(|(r, unit)| ReportSnapshot {
            unit: unit.map(|u| u.code).unwrap_or_default(),
            year: r.year,
            months: r.months,
            form: r.form,
            is_current: r.is_current,
            content_hash: r.content_hash,
        })
        .collect();
    snapshot.sort();
    Ok(snapshot)
}

/// How many reports are current.
pub async fn current_report_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    reports::Entity::find()
        .filter(reports::Column::IsCurrent.eq(true))
        .count(db)
        .await
}

/// The rows of the current report of an office, period and form, by case type code in the
/// order they were stored; `None` when there is no such report.
pub async fn current_rows(
    db: &impl ConnectionTrait,
    unit: &str,
    period: Period,
    form: Form,
) -> Result<Option<Vec<(String, Outcome)>>, DbErr> {
    let report = reports::Entity::find()
        .inner_join(units::Entity)
        .filter(units::Column::Code.eq(unit))
        .filter(reports::Column::Year.eq(period.year()))
        .filter(reports::Column::Months.eq(i32::from(period.months())))
        .filter(reports::Column::Form.eq(form))
        .filter(reports::Column::IsCurrent.eq(true))
        .one(db)
        .await?;
    let Some(report) = report else {
        return Ok(None);
    };
    let rows = report_rows::Entity::find()
        .find_also_related(case_types::Entity)
        .filter(report_rows::Column::ReportId.eq(report.id))
        .order_by_asc(report_rows::Column::Id)
        .all(db)
        .await?;
    Ok(Some(
        rows.into_iter()
            .map(|(row, ct)| (ct.map(|c| c.code).unwrap_or_default(), row.outcome()))
            .collect(),
    ))
}
