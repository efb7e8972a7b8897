//! Completeness: which offices sent which forms for a period, and from which import.

use crate::access::Caller;
use crate::graphql::cache::{self, db};
use crate::graphql::caller::caller;
use crate::graphql::errors::OrGql;
use crate::graphql::period::{Period, PeriodInput};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::units::Unit;
use async_graphql::{Context, Enum, Object, SimpleObject};
use thads_domain::services::stats as service;
use thads_domain::stats as domain;

/// A reporting form, which is also a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::Form")]
pub enum Form {
    /// Mẫu 01/TK-THA, counted in cases.
    Cases,
    /// Mẫu 02/TK-THA, counted in money.
    Money,
}

/// How a report stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Timeliness {
    /// It arrived on or before the day it was due.
    OnTime,
    /// It arrived after the day it was due (`daysLate` says by how much).
    Late,
    /// It has not arrived and is not due yet.
    Pending,
    /// It has not arrived and the day it was due has passed (`daysLate` says how long ago).
    Overdue,
}

/// Whether one office sent one form for one period.
pub struct ReportStatus(domain::ReportStatus);

impl ReportStatus {
    /// The report against its deadline on `on`, by default today in Vietnam.
    fn judged(&self, on: Option<Date>) -> Option<domain::Timeliness> {
        let today = on.map_or_else(thads_domain::period::vietnam_today, |d| d.0);
        self.0.timeliness(today)
    }
}

/// Whether one office sent one form for one period, and where its current report came from.
#[Object]
impl ReportStatus {
    /// The office.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup(ctx, &self.0.unit).await
    }

    /// The form.
    async fn form(&self) -> Form {
        self.0.form.into()
    }

    /// The period.
    async fn period(&self) -> Period {
        Period(self.0.period)
    }

    /// Whether a report was received: false means missing.
    async fn reported(&self) -> bool {
        self.0.received.is_some()
    }

    /// When the report is due: the office's due day (its own unit's or the nearest above)
    /// in the month after the period; null when no unit above it sets a due day.
    async fn due(&self) -> Option<Date> {
        self.0.due.map(Date)
    }

    /// When the first report of this office, period and form arrived, the current one or one
    /// it replaced: what the deadline is judged by. Null when missing.
    async fn first_received(&self) -> Option<DateTime> {
        self.0.first_received.map(DateTime)
    }

    /// How the report stands against its deadline, days being Vietnamese days (UTC+7): on
    /// time, late, pending or overdue. Null when no deadline applies.
    async fn timeliness(
        &self,
        #[graphql(desc = "The day to judge on (pending or overdue); absent: today in Vietnam.")]
        on: Option<Date>,
    ) -> Option<Timeliness> {
        Some(match self.judged(on)? {
            domain::Timeliness::OnTime => Timeliness::OnTime,
            domain::Timeliness::Late(_) => Timeliness::Late,
            domain::Timeliness::Pending => Timeliness::Pending,
            domain::Timeliness::Overdue(_) => Timeliness::Overdue,
        })
    }

    /// Days past the deadline: how late a late report arrived, or how long ago an overdue one
    /// was due; 0 on time or pending; null when no deadline applies.
    async fn days_late(
        &self,
        #[graphql(desc = "The day to judge on; absent: today in Vietnam.")] on: Option<Date>,
    ) -> Option<i64> {
        Some(match self.judged(on)? {
            domain::Timeliness::Late(days) | domain::Timeliness::Overdue(days) => days,
            domain::Timeliness::OnTime | domain::Timeliness::Pending => 0,
        })
    }

    /// The current report's origin; null when missing. Its details are shown to admins,
    /// viewers and the office itself, never to another office's token; who sent it is never
    /// shown to anonymous readers.
    async fn received(&self, ctx: &Context<'_>) -> Option<Received> {
        let r = self.0.received.as_ref()?;
        let caller = caller(ctx);
        let details = caller.office().is_none_or(|office| office == self.0.unit);
        let sender = details && *caller != Caller::Anonymous;
        Some(Received {
            at: DateTime(r.at),
            import_id: details.then_some(r.import_id),
            file_name: details.then(|| r.file_name.clone()),
            source: sender.then(|| r.source.clone()),
        })
    }
}

/// Where a current report came from.
#[derive(Debug, Clone, SimpleObject)]
pub struct Received {
    /// When it was stored (RFC 3339, UTC).
    pub at: DateTime,
    /// The import that brought it (see `imports`); null for another office's token.
    pub import_id: Option<i32>,
    /// The file's own name, without any folder; null for another office's token.
    pub file_name: Option<String>,
    /// Who sent it (`token:NAME` or `cli:USER`); null for another office's token and for
    /// anonymous readers.
    pub source: Option<String>,
}

/// The completeness query.
#[derive(Default)]
pub struct CompletenessQuery;

#[Object]
impl CompletenessQuery {
    /// For each office expected to report the period (of `unit`'s subtree, else every office,
    /// that existed on the period's last day) and each form: whether its report was received.
    /// Ordered by office code, then form.
    #[graphql(complexity = "50 + child_complexity")]
    async fn completeness(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The period: enforcement year and months since 1 October.")]
        period: PeriodInput,
        #[graphql(desc = "Only the offices of this unit's subtree.")] unit: Option<String>,
        #[graphql(
            desc = "The day whose units `unit` means: the offices expected are those \
                          that stand for its subtree on that day (an office merged since then \
                          stands for its successor), as `stats` counts them with the same \
                          `asOf`. Absent: the period's last day."
        )]
        as_of: Option<Date>,
    ) -> async_graphql::Result<Vec<ReportStatus>> {
        let period = period.period()?;
        // The request's registry, which the rows' `unit` then names without reading it again.
        let units = cache::units(ctx).await?;
        let rows = service::completeness(
            db(ctx)?,
            &units,
            period,
            unit.as_deref(),
            as_of.map(|d| d.0),
        )
        .await
        .or_gql()?;
        Ok(rows.into_iter().map(ReportStatus).collect())
    }
}
