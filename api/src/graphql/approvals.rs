//! The monthly cycle: an admin approves a unit's period (`approvePeriod`), which locks it for
//! every office below the unit, or reopens it with a reason (`reopenPeriod`); anyone who may
//! read lists the actions (`periodApprovals`). Whether a statistics row's figures are approved
//! is `StatsRow.approved` ([`super::stats`]).

use crate::access::Caller;
use crate::graphql::cache::db;
use crate::graphql::caller::caller;
use crate::graphql::errors::{OrGql, internal};
use crate::graphql::period::{Period, PeriodInput, year_start};
use crate::graphql::scalars::DateTime;
use crate::graphql::units::Unit;
use async_graphql::{Context, Enum, Object};
use thads_domain::services::approvals;
use thads_domain::{ApprovalAction, ApprovalRecord};

/// What an action did to a unit's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum PeriodApprovalState {
    /// The figures were approved: no office below the unit may send a replacement.
    Approved,
    /// The approval was lifted: the offices may send replacements again.
    Reopened,
}

impl From<ApprovalAction> for PeriodApprovalState {
    fn from(action: ApprovalAction) -> Self {
        match action {
            ApprovalAction::Approve => PeriodApprovalState::Approved,
            ApprovalAction::Reopen => PeriodApprovalState::Reopened,
        }
    }
}

/// One approval or reopening of a unit's period, as recorded.
pub struct PeriodApproval(ApprovalRecord);

/// One approval or reopening of a unit's period, as recorded; every one is kept.
#[Object]
impl PeriodApproval {
    /// The unit whose period it is: its offices are the ones locked.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Unit> {
        let code = &self.0.unit;
        Unit::lookup(ctx, code)
            .await?
            .ok_or_else(|| internal(&format!("the approved unit {code} is not in the registry")))
    }

    /// The period.
    async fn period(&self) -> Period {
        Period(self.0.period)
    }

    /// Approved or reopened.
    async fn state(&self) -> PeriodApprovalState {
        self.0.action.into()
    }

    /// Who did it: the admin token's name, or `cli:USER` from the command line; null for
    /// anonymous readers.
    async fn by(&self, ctx: &Context<'_>) -> Option<&str> {
        (*caller(ctx) != Caller::Anonymous).then_some(self.0.by.as_str())
    }

    /// When (RFC 3339, UTC).
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Why it was reopened; null for an approval.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// The query of the approvals.
#[derive(Default)]
pub struct ApprovalQuery;

#[Object]
impl ApprovalQuery {
    /// The approvals and reopenings, newest first: of a unit, of the units above it (whose
    /// approvals lock it) and of the units below it (whose approvals lock some of its
    /// offices), or of every unit; of one enforcement year, or of all. An unknown unit is
    /// `NOT_FOUND`.
    async fn period_approvals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A unit's code; every unit when absent.")] unit: Option<String>,
        #[graphql(desc = "An enforcement year, e.g. 2020; every year when absent.")] year: Option<
            i32,
        >,
    ) -> async_graphql::Result<Vec<PeriodApproval>> {
        let year = year.map(|y| year_start(y).map(|p| p.year())).transpose()?;
        let all = approvals::approval_history(db(ctx)?, unit.as_deref(), year)
            .await
            .or_gql()?;
        Ok(all.into_iter().map(PeriodApproval).collect())
    }
}

/// The admin's mutations of the monthly cycle.
#[derive(Default)]
pub struct ApprovalMutation;

#[Object]
impl ApprovalMutation {
    /// Approves a unit's figures for a period (a province's, usually; any level): from now on
    /// no office below the unit may send a report replacing its report of the period (an
    /// import is refused with the problem `period_locked`). Refused, with nothing written: an
    /// unknown unit (`NOT_FOUND`), a period none of its offices reported (`NO_REPORTS`), a
    /// period the unit has approved already (`ALREADY_APPROVED`). Admin tokens only.
    async fn approve_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The unit's code, e.g. `LA`.")] unit: String,
        #[graphql(desc = "The period: enforcement year and months since 1 October.")]
        period: PeriodInput,
    ) -> async_graphql::Result<PeriodApproval> {
        let admin = caller(ctx).admin().or_gql()?;
        let period = period.period()?;
        let done = approvals::approve_period(db(ctx)?, &unit, period, &admin.name)
            .await
            .or_gql()?;
        Ok(PeriodApproval(done))
    }

    /// Reopens a period the unit approved, keeping the reason: its offices may send
    /// replacements again (unless a unit above it has approved the period too). Refused, with
    /// nothing written: an unknown unit (`NOT_FOUND`), a period the unit has not approved
    /// (`NOT_APPROVED`), a blank reason (`BAD_USER_INPUT`). Admin tokens only.
    async fn reopen_period(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The unit's code, e.g. `LA`.")] unit: String,
        #[graphql(desc = "The period: enforcement year and months since 1 October.")]
        period: PeriodInput,
        #[graphql(desc = "Why it is reopened, e.g. \"Tân Trụ sửa số liệu tháng 6\".")]
        reason: String,
    ) -> async_graphql::Result<PeriodApproval> {
        let admin = caller(ctx).admin().or_gql()?;
        let period = period.period()?;
        let done = approvals::reopen_period(db(ctx)?, &unit, period, &reason, &admin.name)
            .await
            .or_gql()?;
        Ok(PeriodApproval(done))
    }
}
