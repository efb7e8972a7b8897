//! The approval of a period ("phê duyệt / chốt số liệu"): a unit's figures for a period are
//! approved, which locks the period for every office below the unit (no report may replace
//! theirs), until the period is reopened, with a reason. Every approval and reopening is kept.

use crate::period::Period;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::StringLen;
use sea_orm::{ActiveEnum, DeriveActiveEnum, EnumIter};
use std::fmt;

/// What was done to a unit's period.
///
/// Stored as text (`period_approvals.action`): the `string_value`s are the names in the
/// database, and the only place they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ApprovalAction {
    /// The figures were approved: the period is locked for the unit's offices.
    #[sea_orm(string_value = "approve")]
    Approve,
    /// An approval was lifted: the offices may send replacements again.
    #[sea_orm(string_value = "reopen")]
    Reopen,
}

impl fmt::Display for ApprovalAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_value())
    }
}

/// One approval or reopening of a unit's period, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRecord {
    /// Its id: later actions have larger ids.
    pub id: i32,
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// The period.
    pub period: Period,
    /// Approved or reopened.
    pub action: ApprovalAction,
    /// Who did it: a token's name, or `cli:USER`.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why it was reopened; none for an approval.
    pub reason: Option<String>,
}

/// How a unit's period stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalState {
    /// Never approved: its figures are provisional.
    Open,
    /// Its own latest action is an approval: locked for every office below it.
    Approved(ApprovalRecord),
    /// Approved once, then reopened (its latest action); not locked by itself.
    Reopened(ApprovalRecord),
    /// Not approved itself, but an ancestor's approval locks it: the ancestor's approval.
    ApprovedAbove(ApprovalRecord),
}

impl ApprovalState {
    /// Whether the period is locked for the unit (by itself or an ancestor).
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            ApprovalState::Approved(_) | ApprovalState::ApprovedAbove(_)
        )
    }

    /// The action the state comes from, if any.
    pub fn record(&self) -> Option<&ApprovalRecord> {
        match self {
            ApprovalState::Open => None,
            ApprovalState::Approved(r)
            | ApprovalState::Reopened(r)
            | ApprovalState::ApprovedAbove(r) => Some(r),
        }
    }
}

/// An instant as people in Vietnam read it, e.g. "14:05 ngày 02/12/2026" (UTC+7).
pub fn vietnam_time(at: DateTime<Utc>) -> String {
    let local = at + chrono::Duration::hours(7);
    local.format("%H:%M ngày %d/%m/%Y").to_string()
}

/// The same instant in English notation, e.g. "2026-12-02 14:05 (UTC+7)".
pub fn vietnam_time_en(at: DateTime<Utc>) -> String {
    let local = at + chrono::Duration::hours(7);
    local.format("%Y-%m-%d %H:%M (UTC+7)").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_vietnam() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T20:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(vietnam_time(at), "03:30 ngày 03/12/2026");
        assert_eq!(vietnam_time_en(at), "2026-12-03 03:30 (UTC+7)");
    }
}
