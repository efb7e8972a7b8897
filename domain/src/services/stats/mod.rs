//! Statistics over the current reports: totals and rates by unit and case type for a period
//! ([`stats`]), month by month through a year ([`series`]), and which offices sent which forms
//! ([`completeness`]).
//!
//! Rules that hold everywhere:
//! - Only the current report of each office, period and form counts, and reports of different
//!   months are never added up (they are cumulative since 1 October).
//! - Values are added up in SQL; rates are derived from the sums, never averaged.
//! - A request runs a fixed number of statements whatever the data: one aggregate (both forms,
//!   the year, the year before when asked for, every group) and the targets. The unit and
//!   case-type trees ([`UnitTree`], [`CaseTree`]) are the caller's, loaded once per request
//!   and shared with whatever else the request shows (the GraphQL layer names units and case
//!   types from them), so that nothing reads the registry twice.
//! - Missing is not zero: a group whose offices sent nothing has `None` values, and grouped by
//!   office every expected office has its row.
//!
//! Units over time: a request is read on one day, its structure day (`asOf`, or else the
//! period's last day for `stats` and the year's last day for `series`). Its rows are the units
//! in force that day, and every office's figures count for the unit standing for it that day
//! (itself, or the successor it was merged into), the year before's too: a regional office's
//! `previousYear` is the sum of the offices it replaced. A row expects the offices that existed
//! on its period's last day.
//!
//! Grouping: OFFICE and PROVINCE may be given together, and then OFFICE wins (each office row
//! lies in one province); CASE_TYPE wins over CASE_GROUP. PROVINCE groups the offices by their
//! parent unit (a province in every registry of the design; an office placed directly under the
//! nation falls under the nation's code).
//!
//! Targets: a row grouped by unit takes its unit's target; otherwise the target of the nearest
//! common ancestor of the filter's units (the unit itself when there is one), or, without a
//! unit filter, of the top of the tree when there is a single top. A unit without its own
//! target takes its nearest ancestor's; the previous year's figures take the previous year's.

mod aggregate;
mod completeness;
mod order;
mod rows;
mod scope;
mod series;
pub(crate) mod sql;
mod targets;

pub use completeness::completeness;
pub use series::series;

use crate::error::DomainError;
use crate::services::registry::{CaseTree, UnitTree};
use crate::stats::{Dimension, StatsFilter, StatsQuery, StatsRow};
use aggregate::{Cells, Months, Source, Years, aggregate};
use chrono::NaiveDate;
use rows::Frame;
use scope::{
    CaseSplit, Grouping, Scope, case_groups, moved_keys, scope, unit_groups, whole_parents,
};
use sea_orm::ConnectionTrait;
use targets::Targets;

/// The rows of a period: one per group (every expected group, reported or not), with the
/// same months of the previous year when `query.previous_year` asks for them, in the order
/// asked (by default by unit code, then case type in tree order), at most `limit` of them.
/// Two statements, beside the trees the caller loaded. An unknown code in the filter is
/// [`DomainError::UnknownUnit`] or [`DomainError::UnknownCaseType`].
pub async fn stats(
    db: &impl ConnectionTrait,
    units: &UnitTree,
    cases: &CaseTree,
    query: &StatsQuery,
) -> Result<Vec<StatsRow>, DomainError> {
    let day = query.as_of.unwrap_or(query.period.end());
    let request = Request::new(units, cases, &query.filter, &query.group_by, day)?;
    let years = Years::of(query.period.year(), query.previous_year);
    let months = Months::One(query.period.months());
    let cells = request.aggregate(db, years, months).await?;
    let targets = Targets::load(db, years).await?;
    let mut rows = request.frame(&targets, &cells, false).rows(query.period);
    order::order(&mut rows, &query.order_by);
    if let Some(limit) = query.limit {
        rows.truncate(limit);
    }
    Ok(rows)
}

/// A request's registry, filter and grouping, read on its structure day.
struct Request<'a> {
    units: &'a UnitTree,
    cases: &'a CaseTree,
    scope: Scope,
    grouping: Grouping,
    /// The offices counted under another group than their own (see [`moved_keys`]).
    moved: Vec<(i32, i32)>,
    /// The parents whose period sums stand for their offices' reports, with their groups,
    /// when the request reads whole parents and no leaf case type (see [`whole_parents`]).
    parents: Option<Vec<(i32, i32)>>,
}

impl<'a> Request<'a> {
    /// Resolves the filter against the trees as they stand on `day`.
    fn new(
        units: &'a UnitTree,
        cases: &'a CaseTree,
        filter: &StatsFilter,
        group_by: &[Dimension],
        day: NaiveDate,
    ) -> Result<Self, DomainError> {
        let scope = scope(units, cases, filter, day)?;
        let grouping = Grouping::of(group_by);
        let moved = moved_keys(units, &scope, grouping.unit);
        let parents = (grouping.case != CaseSplit::Leaf && scope.all_leaves)
            .then(|| whole_parents(units, &scope, grouping.unit))
            .flatten();
        Ok(Self {
            units,
            cases,
            scope,
            grouping,
            moved,
            parents,
        })
    }

    /// The sums of the request's groups for the years and months, in one statement.
    async fn aggregate(
        &self,
        db: &impl ConnectionTrait,
        years: Years,
        months: Months,
    ) -> Result<Cells, sea_orm::DbErr> {
        let source = match &self.parents {
            Some(parents) => Source::Sums { parents },
            None => Source::Reports { moved: &self.moved },
        };
        aggregate(db, &self.scope, self.grouping, source, years, months).await
    }

    /// What the rows are made from.
    fn frame<'b>(&'b self, targets: &'b Targets, cells: &'b Cells, month_alone: bool) -> Frame<'b> {
        Frame {
            units: self.units,
            cases: self.cases,
            targets,
            cells,
            unit_groups: unit_groups(self.units, &self.scope, self.grouping.unit),
            case_groups: case_groups(self.cases, &self.scope, self.grouping.case),
            month_alone,
        }
    }
}
