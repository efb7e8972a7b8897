//! How a unit's period stands, and the actions listed: reads only.

use super::Locks;
use crate::approval::{ApprovalAction, ApprovalRecord, ApprovalState};
use crate::entities::period_approvals;
use crate::error::DomainError;
use crate::period::Period;
use crate::services::registry::UnitTree;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// How a unit's period stands: approved by itself, locked by an ancestor's approval, reopened,
/// or never approved. Two statements (the registry, the actions of the year). An unknown unit
/// is [`DomainError::UnknownUnit`].
pub async fn approval_state(
    db: &impl ConnectionTrait,
    unit: &str,
    period: Period,
) -> Result<ApprovalState, DomainError> {
    let units = UnitTree::load(db).await?;
    let id = find_unit(&units, unit)?;
    let locks = Locks::load(db, &[period.year()]).await?;
    Ok(state_of(&units, &locks, id, period))
}

/// The actions on a unit, on the units above it (whose approvals lock it) and on the units
/// below it (whose approvals lock some of its offices), or on every unit without `unit`; of
/// one enforcement year, or of all. Newest first. Two statements. An unknown unit is
/// [`DomainError::UnknownUnit`].
pub async fn approval_history(
    db: &impl ConnectionTrait,
    unit: Option<&str>,
    year: Option<i32>,
) -> Result<Vec<ApprovalRecord>, DomainError> {
    let units = UnitTree::load(db).await?;
    let mut query = period_approvals::Entity::find().order_by_desc(period_approvals::Column::Id);
    if let Some(code) = unit {
        let id = find_unit(&units, code)?;
        let mut ids = units.lineage(id);
        ids.extend(below(&units, id));
        query = query.filter(period_approvals::Column::UnitId.is_in(ids));
    }
    if let Some(year) = year {
        query = query.filter(period_approvals::Column::Year.eq(year));
    }
    let all = query.all(db).await?;
    Ok(all.iter().filter_map(|a| record(&units, a)).collect())
}

/// Every unit below `id` (not itself).
fn below(units: &UnitTree, id: i32) -> Vec<i32> {
    let mut found = Vec::new();
    let mut stack: Vec<i32> = units.children(id).to_vec();
    // The registry has no cycles (checked when loaded); the bound guards a hand-edited one.
    let mut budget = units.listed().count();
    while let Some(unit) = stack.pop() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        found.push(unit);
        stack.extend_from_slice(units.children(unit));
    }
    found
}

/// The id of a unit code, matched exactly or else whatever its case; an unknown code is
/// [`DomainError::UnknownUnit`].
pub(super) fn find_unit(units: &UnitTree, code: &str) -> Result<i32, DomainError> {
    let code = code.trim();
    units
        .find(code)
        .or_else(|| {
            units
                .listed()
                .find(|&id| units.code(id).is_some_and(|c| c.eq_ignore_ascii_case(code)))
        })
        .ok_or_else(|| DomainError::UnknownUnit(code.to_owned()))
}

/// How the period stands for unit `id`, from the actions of its year.
pub(super) fn state_of(units: &UnitTree, locks: &Locks, id: i32, period: Period) -> ApprovalState {
    let own = locks.latest(id, period);
    if let Some(own) = own.filter(|a| a.action == ApprovalAction::Approve)
        && let Some(record) = record(units, own)
    {
        return ApprovalState::Approved(record);
    }
    if let Some(above) = locks.locked_by(units, id, period)
        && let Some(record) = record(units, above)
    {
        return ApprovalState::ApprovedAbove(record);
    }
    match own.and_then(|a| record(units, a)) {
        Some(record) => ApprovalState::Reopened(record),
        None => ApprovalState::Open,
    }
}

/// An action as recorded, with its unit's code and name; `None` for a row whose unit or
/// period the registry does not know (a database edited by hand).
pub(crate) fn record(units: &UnitTree, a: &period_approvals::Model) -> Option<ApprovalRecord> {
    Some(ApprovalRecord {
        id: a.id,
        unit: units.code(a.unit_id)?.to_owned(),
        unit_name: units.name(a.unit_id)?.to_owned(),
        period: Period::new(i64::from(a.year), i64::from(a.months)).ok()?,
        action: a.action,
        by: a.done_by.clone(),
        at: a.done_at,
        reason: a.reason.clone(),
    })
}
