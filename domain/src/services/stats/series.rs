//! A year month by month: the cumulative figures of each month's reports, and each month
//! alone where it can be told.

use super::Request;
use super::aggregate::{Months, Years};
use super::targets::Targets;
use crate::error::DomainError;
use crate::period::Period;
use crate::services::registry::{CaseTree, UnitTree};
use crate::stats::{SeriesQuery, StatsRow};
use sea_orm::{ConnectionTrait, DbErr};

/// The rows of every month of `year` that has reports in the filter, months first, then the
/// groups as in [`super::stats`]. Each holds the cumulative sums of that month's reports, the
/// month alone and, when `query.previous_year` asks for it, the same month of the year before
/// (with its own month alone). The month
/// alone is this month's sums minus the month before's when the same offices reported the
/// form both months (the first month is its own), else `None`: offices are compared by their
/// current reports of the form, so a group's sums must come from the same offices' reports.
/// Every month is read on the registry of one day, `query.as_of` or else the year's last
/// day: an office that ended during the year counts for its successor in every month, so a
/// unit's series runs through a reorganisation (its predecessors' sums, then its own).
/// Two statements beside the trees the caller loaded, whatever the number of months.
pub async fn series(
    db: &impl ConnectionTrait,
    units: &UnitTree,
    cases: &CaseTree,
    query: &SeriesQuery,
) -> Result<Vec<StatsRow>, DomainError> {
    let year = query.year;
    let last_month = Period::new(i64::from(year), 12)
        .map_err(|e| DomainError::Invalid(format!("year {year}: {e}")))?;
    let day = query.as_of.unwrap_or(last_month.end());
    let request = Request::new(units, cases, &query.filter, &query.group_by, day)?;
    let years = Years::of(year, query.previous_year);
    let cells = request.aggregate(db, years, Months::All).await?;
    let targets = Targets::load(db, years).await?;
    let frame = request.frame(&targets, &cells, true);
    let mut rows = Vec::new();
    for months in cells.months_of(year) {
        let period = Period::new(i64::from(year), i64::from(months))
            .map_err(|e| DbErr::Type(format!("a stored report's period: {e}")))?;
        rows.extend(frame.rows(period));
    }
    Ok(rows)
}
