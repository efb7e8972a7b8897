//! Reporting periods: an enforcement year and the months elapsed since 1 October.

use crate::graphql::cache::db;
use crate::graphql::errors::{OrGql, bad_input};
use crate::graphql::scalars::Date;
use async_graphql::{Context, InputObject, Object};
use thads_domain::services::catalog;

/// A reporting period, cumulative since 1 October.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period(pub thads_domain::Period);

/// A reporting period: enforcement year `year` runs from 1 October of `year − 1` to
/// 30 September of `year`; a report covers its first `months` months and everything in it is
/// counted since 1 October.
#[Object]
impl Period {
    /// The enforcement year (the calendar year in which it ends).
    async fn year(&self) -> i32 {
        self.0.year()
    }

    /// Months covered since 1 October, 1 (October alone) to 12 (the whole year).
    async fn months(&self) -> i32 {
        i32::from(self.0.months())
    }

    /// The label offices write, e.g. "9 tháng năm 2020".
    async fn label(&self) -> String {
        self.0.label()
    }

    /// First day: 1 October of the previous calendar year.
    async fn start(&self) -> Date {
        Date(self.0.start())
    }

    /// Last day: the last day of the period's last month.
    async fn end(&self) -> Date {
        Date(self.0.end())
    }
}

/// A reporting period asked for.
#[derive(Debug, Clone, Copy, InputObject)]
pub struct PeriodInput {
    /// The enforcement year, e.g. 2020 for 1 October 2019 – 30 September 2020.
    pub year: i32,
    /// Months since 1 October, 1..12: 9 means October to June.
    pub months: i32,
}

impl PeriodInput {
    /// The period, or `BAD_USER_INPUT` when a part is out of range.
    pub fn period(self) -> async_graphql::Result<thads_domain::Period> {
        thads_domain::Period::new(i64::from(self.year), i64::from(self.months))
            .map_err(|e| bad_input(e.to_string()))
    }
}

/// The first month of an enforcement year, or `BAD_USER_INPUT` when the year is out of range.
pub fn year_start(year: i32) -> async_graphql::Result<thads_domain::Period> {
    PeriodInput { year, months: 1 }.period()
}

/// The queries of periods.
#[derive(Default)]
pub struct PeriodQuery;

#[Object]
impl PeriodQuery {
    /// The periods that hold data, newest first.
    async fn periods(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Period>> {
        let periods = catalog::periods(db(ctx)?).await.or_gql()?;
        Ok(periods.into_iter().map(Period).collect())
    }
}
