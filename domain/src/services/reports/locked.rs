//! The last guard of the store against replacing approved figures: a workbook whose office's
//! period is locked (approved, by its own unit or an ancestor, and not reopened since; see
//! `services::approvals`) is refused with the problem `period_locked`, naming the approving
//! unit, who approved and when, in Vietnamese and English.
//!
//! It runs inside the store's transaction, after the offices' rows are locked, so that an
//! import racing an approval either lands before it or is refused after it (the approvals
//! module's documentation says how). One statement when no period of the batch's years was
//! ever approved, two (the registry besides) otherwise.

use crate::approval::{vietnam_time, vietnam_time_en};
use crate::error::DomainError;
use crate::period::Period;
use crate::problem::Problem;
use crate::problem_args::Arg;
use crate::problem_code::ProblemCode;
use crate::services::approvals::Locks;
use crate::services::registry::UnitTree;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// A workbook to check: its file's index in the batch, its office's id and its period.
pub(super) struct Slot {
    /// The file's index in the batch.
    pub file: usize,
    /// The office.
    pub office: i32,
    /// The period.
    pub period: Period,
}

/// The `period_locked` problem of each workbook whose office's period is locked, by file
/// index.
pub(super) async fn locked(
    txn: &impl ConnectionTrait,
    slots: &[Slot],
) -> Result<HashMap<usize, Problem>, DomainError> {
    let years: Vec<i32> = slots.iter().map(|s| s.period.year()).collect();
    let locks = Locks::load(txn, &years).await?;
    if locks.is_empty() {
        return Ok(HashMap::new());
    }
    let units = UnitTree::load(txn).await?;
    let mut found = HashMap::new();
    for slot in slots {
        if let Some(approval) = locks.locked_by(&units, slot.office, slot.period) {
            // The approving unit by its name alone, as leaders know it.
            let unit = units.name(approval.unit_id).unwrap_or("?");
            let at = Arg::words(
                vietnam_time(approval.done_at),
                vietnam_time_en(approval.done_at),
            );
            let problem = Problem::error(ProblemCode::PeriodLocked)
                .arg("period", Arg::Text(slot.period.label()))
                .arg("unit", Arg::Text(unit.to_owned()))
                .arg("by", Arg::Text(approval.done_by.clone()))
                .arg("at", at);
            found.insert(slot.file, problem);
        }
    }
    Ok(found)
}
