//! The statistics queries: `stats` (one period, grouped, ordered) and `series` (month by month).

use crate::graphql::cache::{self, db};
use crate::graphql::case_types::CaseType;
use crate::graphql::errors::{OrGql, bad_input};
use crate::graphql::outcome::{CaseOutcome, MoneyOutcome};
use crate::graphql::period::{Period, PeriodInput, year_start};
use crate::graphql::scalars::Date;
use crate::graphql::units::Unit;
use async_graphql::{Context, Enum, InputObject, Object};
use std::sync::Arc;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::stats as service;
use thads_domain::stats::{self as domain, Dimension, SortField, SortKey};

/// The most rows `stats` returns at once, and the largest `limit` accepted.
pub const MAX_LIMIT: i32 = 1000;
/// The most codes a filter may list, and the most ordering keys.
pub const MAX_LIST: usize = 1000;

/// What to count: units and case types, by code at any level; a node means its whole
/// subtree. Both empty or absent: everything.
#[derive(Debug, Clone, Default, InputObject)]
#[graphql(name = "StatsFilter")]
pub struct StatsFilterInput {
    /// Unit codes (nation, provinces, offices); figures of the offices below them.
    pub units: Option<Vec<String>>,
    /// Case type codes (groups or leaves), e.g. `active` or `on_request.civil`.
    pub case_types: Option<Vec<String>>,
}

impl StatsFilterInput {
    /// The domain filter, or `BAD_USER_INPUT` when a list is too long.
    fn filter(self) -> async_graphql::Result<domain::StatsFilter> {
        let units = bounded(self.units.unwrap_or_default(), "filter.units")?;
        let case_types = bounded(self.case_types.unwrap_or_default(), "filter.caseTypes")?;
        Ok(domain::StatsFilter { units, case_types })
    }
}

/// The list, or `BAD_USER_INPUT` when it holds more than [`MAX_LIST`] items.
fn bounded<T>(list: Vec<T>, name: &str) -> async_graphql::Result<Vec<T>> {
    if list.len() > MAX_LIST {
        return Err(bad_input(format!(
            "{name} may list at most {MAX_LIST} items, found {}",
            list.len()
        )));
    }
    Ok(list)
}

/// A dimension to group statistics by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::stats::Dimension")]
pub enum StatsDimension {
    /// One row per reporting office.
    Office,
    /// One row per province (its offices added up).
    Province,
    /// One row per leaf case type (criminal, civil, … within each group).
    CaseType,
    /// One row per case group (`active`, `on_request`).
    CaseGroup,
}

/// A value rows can be ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::stats::SortField")]
pub enum StatsField {
    /// The completion rate in cases.
    CasesRate,
    /// The completion rate in money.
    MoneyRate,
    /// Enforceable cases.
    CasesEnforceable,
    /// Enforceable money.
    MoneyEnforceable,
    /// Resolved cases.
    CasesResolved,
    /// Resolved money.
    MoneyResolved,
}

/// A direction of ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// One ordering key. Rows without the value (nothing reported, nothing enforceable) come last
/// either way; ties are broken by the next key, then by unit code and case type code.
#[derive(Debug, Clone, Copy, InputObject)]
pub struct StatsOrder {
    /// The value.
    pub field: StatsField,
    /// Smallest or largest first.
    #[graphql(default)]
    pub direction: SortDirection,
}

impl From<StatsOrder> for SortKey {
    fn from(o: StatsOrder) -> Self {
        SortKey {
            field: SortField::from(o.field),
            descending: o.direction == SortDirection::Desc,
        }
    }
}

/// The grouping asked for, without repeats.
fn dimensions(group_by: Option<Vec<StatsDimension>>) -> Vec<Dimension> {
    let mut out: Vec<Dimension> = Vec::new();
    for d in group_by
        .unwrap_or_default()
        .into_iter()
        .map(Dimension::from)
    {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// The row limit, or `BAD_USER_INPUT` when negative or above [`MAX_LIMIT`].
fn row_limit(limit: Option<i32>) -> async_graphql::Result<Option<usize>> {
    match limit {
        None => Ok(None),
        Some(n) if n < 0 => Err(bad_input(format!("limit must not be negative, found {n}"))),
        Some(n) if n > MAX_LIMIT => Err(bad_input(format!(
            "limit must be at most {MAX_LIMIT}, found {n}"
        ))),
        Some(n) => Ok(usize::try_from(n).ok()),
    }
}

/// Whether the rows' selection shows the year before (`previousYear` of `cases` or `money`, in
/// fragments too): only then does the service read that year, which doubles the rows read.
fn previous_year_selected(ctx: &Context<'_>) -> bool {
    let rows = ctx.look_ahead();
    ["cases", "money"]
        .into_iter()
        .any(|measure| rows.field(measure).field("previousYear").exists())
}

/// The request's unit registry and case-type tree, which the rows' `unit` and `caseType`
/// then name without reading them again.
async fn trees(ctx: &Context<'_>) -> async_graphql::Result<(Arc<UnitTree>, Arc<CaseTree>)> {
    Ok((cache::units(ctx).await?, cache::case_types(ctx).await?))
}

/// One row of statistics: the figures of a group of offices and case types for one period.
pub struct StatsRow(pub domain::StatsRow);

/// One row of statistics: the figures of the offices and case types of one group, for one
/// period, in cases and in money.
#[Object]
impl StatsRow {
    /// The office or province of the row, when grouped by `OFFICE` or `PROVINCE`.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup_opt(ctx, self.0.unit.as_deref()).await
    }

    /// The case type or group of the row, when grouped by `CASE_TYPE` or `CASE_GROUP`.
    async fn case_type(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CaseType>> {
        match &self.0.case_type {
            Some(code) => CaseType::lookup(ctx, code).await,
            None => Ok(None),
        }
    }

    /// The period of the figures.
    async fn period(&self) -> Period {
        Period(self.0.period)
    }

    /// How many offices are expected to report for this row: the offices of its units that
    /// existed on the period's last day.
    async fn offices_expected(&self) -> u32 {
        self.0.offices_expected
    }

    /// How many of them have reported: the larger of `cases.officesReported` and
    /// `money.officesReported`. With `officesExpected` a dashboard can say "14 of 16 offices
    /// have reported".
    async fn offices_reported(&self) -> u32 {
        self.0
            .cases
            .offices_reported
            .max(self.0.money.offices_reported)
    }

    /// Whether the row's figures are approved: every office expected in it is locked for the
    /// period by an approval (of the office, or of a unit above it) not reopened since; false
    /// for a row that expects no office. Asking for it reads the approvals of the period's
    /// year once per request.
    async fn approved(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let units = cache::units(ctx).await?;
        let locks = cache::locks(ctx, self.0.period.year()).await?;
        Ok(locks
            .all_locked(&units, &self.0.offices, self.0.period)
            .is_some())
    }

    /// Results counted in cases.
    async fn cases(&self) -> CaseOutcome {
        CaseOutcome::new(self.0.cases.clone(), self.0.period)
    }

    /// Results counted in money (đồng).
    async fn money(&self) -> MoneyOutcome {
        MoneyOutcome::new(self.0.money.clone(), self.0.period)
    }
}

/// The statistics queries.
#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Statistics of one period (cumulative since 1 October): one row, or one row per group
    /// of `groupBy`, ordered by `orderBy` then by unit and case type code.
    #[graphql(complexity = "50 + child_complexity")]
    #[allow(clippy::too_many_arguments)] // each is a GraphQL argument of the contract
    async fn stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period: enforcement year and months since 1 October.")]
        period: PeriodInput,
        #[graphql(desc = "What to count; everything when absent.")] filter: Option<
            StatsFilterInput,
        >,
        #[graphql(desc = "How to group; one row for everything when absent or empty.")]
        group_by: Option<Vec<StatsDimension>>,
        #[graphql(desc = "How to order the rows; by unit and case type code when absent.")]
        order_by: Option<Vec<StatsOrder>>,
        #[graphql(desc = "At most this many rows (0 to 1000); all rows when absent.")]
        limit: Option<i32>,
        #[graphql(
            desc = "The day whose units the rows are: every figure counts for the unit \
                          standing for its office that day (an office merged since then counts \
                          for its successor). Absent: the period's last day, the figures as \
                          reported."
        )]
        as_of: Option<Date>,
    ) -> async_graphql::Result<Vec<StatsRow>> {
        let query = domain::StatsQuery {
            period: period.period()?,
            filter: filter.unwrap_or_default().filter()?,
            group_by: dimensions(group_by),
            order_by: bounded(order_by.unwrap_or_default(), "orderBy")?
                .into_iter()
                .map(SortKey::from)
                .collect(),
            limit: row_limit(limit)?,
            previous_year: previous_year_selected(ctx),
            as_of: as_of.map(|d| d.0),
        };
        let (units, cases) = trees(ctx).await?;
        let rows = service::stats(db(ctx)?, &units, &cases, &query)
            .await
            .or_gql()?;
        Ok(rows.into_iter().map(StatsRow).collect())
    }

    /// Statistics of one enforcement year month by month: for each month reported, the rows
    /// `stats` would give for that month, with `monthAlone` set. Ordered by month, then by
    /// unit and case type code.
    #[graphql(complexity = "50 + child_complexity")]
    async fn series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enforcement year, e.g. 2020 for October 2019 – September 2020.")]
        year: i32,
        #[graphql(desc = "What to count; everything when absent.")] filter: Option<
            StatsFilterInput,
        >,
        #[graphql(desc = "How to group within each month; one row per month when absent.")]
        group_by: Option<Vec<StatsDimension>>,
        #[graphql(
            desc = "The day whose units the rows are, in every month: every figure \
                          counts for the unit standing for its office that day. Absent: the \
                          year's last day, so a unit's series runs through a reorganisation \
                          (the sums of the offices it replaced, then its own reports)."
        )]
        as_of: Option<Date>,
    ) -> async_graphql::Result<Vec<StatsRow>> {
        let query = domain::SeriesQuery {
            year: year_start(year)?.year(),
            filter: filter.unwrap_or_default().filter()?,
            group_by: dimensions(group_by),
            previous_year: previous_year_selected(ctx),
            as_of: as_of.map(|d| d.0),
        };
        let (units, cases) = trees(ctx).await?;
        let rows = service::series(db(ctx)?, &units, &cases, &query)
            .await
            .or_gql()?;
        Ok(rows.into_iter().map(StatsRow).collect())
    }
}
