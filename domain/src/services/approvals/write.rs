//! The two writes: approving a unit's period, and reopening it with a reason. Each checks
//! everything first and writes one row, or nothing.
//!
//! Why they lock rows: an import racing an approval must either land before the lock or be
//! refused after it, never slip in between. The store checks the approvals inside its write
//! transaction, after it has locked the rows of the offices it stores for
//! (`reports::store_files`). Both writes here lock, in the same order (by id, in one
//! statement), the rows of the unit and of every office below it before reading the actions.
//! So on PostgreSQL, where writers run concurrently, the two serialise on the offices they
//! share: an import that locked its office first commits before the approval reads and
//! writes; an import that comes second waits for the approval to commit and then, its next
//! statement seeing the committed row (READ COMMITTED), reads the period as locked. Two
//! approvals (or a reopening) of the same unit serialise the same way, so that a period cannot
//! be approved twice. On SQLite every write transaction begins `IMMEDIATE` ([`write::begin`])
//! and writers run one at a time, which gives the same order.

use super::Locks;
use super::read::{find_unit, record};
use crate::approval::{ApprovalAction, ApprovalRecord, vietnam_time};
use crate::entities::{period_approvals, reports, units};
use crate::error::DomainError;
use crate::period::Period;
use crate::services::registry::UnitTree;
use crate::services::write;
use crate::text::refuse_control;
use chrono::Utc;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};

/// Approves a unit's period (any level: the nation, a province, an office), which locks it for
/// every office below the unit. `by`: who approves (a token's name, or `cli:USER`). Refused,
/// with nothing written: an unknown unit ([`DomainError::UnknownUnit`]), a period none of its
/// offices has a stored report for ([`DomainError::NoReports`]), a period the unit itself has
/// approved already ([`DomainError::AlreadyApproved`]; an ancestor's approval does not stop
/// the unit's own), a `by` that is blank or holds a control character
/// ([`DomainError::Invalid`]).
pub async fn approve_period<C>(
    db: &C,
    unit: &str,
    period: Period,
    by: &str,
) -> Result<ApprovalRecord, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let by = text("by", by)?;
    let txn = write::begin(db).await?;
    let (units, id, offices) = lock_unit(&txn, unit).await?;
    let locks = Locks::load(&txn, &[period.year()]).await?;
    if let Some(own) = locks
        .latest(id, period)
        .filter(|a| a.action == ApprovalAction::Approve)
    {
        return Err(DomainError::AlreadyApproved {
            unit: label(&units, id),
            period,
            by: own.done_by.clone(),
            at: vietnam_time(own.done_at),
        });
    }
    let reported = reports::Entity::find()
        .filter(reports::Column::UnitId.is_in(offices))
        .filter(reports::Column::Year.eq(period.year()))
        .filter(reports::Column::Months.eq(i32::from(period.months())))
        .filter(reports::Column::IsCurrent.eq(true))
        .one(&txn)
        .await?;
    if reported.is_none() {
        return Err(DomainError::NoReports {
            unit: label(&units, id),
            period,
        });
    }
    let done = insert(&txn, id, period, ApprovalAction::Approve, by, None).await?;
    txn.commit().await?;
    written(&units, &done)
}

/// Reopens a unit's period that the unit itself approved: its offices may send replacements
/// again (unless an ancestor's approval still locks them). `reason`: why, kept with the
/// action. Refused, with nothing written: an unknown unit ([`DomainError::UnknownUnit`]), a
/// period whose latest action on the unit is not an approval ([`DomainError::NotApproved`],
/// naming the ancestor whose approval locks it, if one does), a blank reason or `by`, or one
/// with a control character ([`DomainError::Invalid`]).
pub async fn reopen_period<C>(
    db: &C,
    unit: &str,
    period: Period,
    reason: &str,
    by: &str,
) -> Result<ApprovalRecord, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let reason = text("reason", reason).map_err(|_| {
        DomainError::Invalid(
            "Cần ghi lý do mở lại kỳ báo cáo (không để trống, không có ký tự điều khiển). / \
             A reason to reopen the period is needed (not blank, without control characters)."
                .to_owned(),
        )
    })?;
    let by = text("by", by)?;
    let txn = write::begin(db).await?;
    let (units, id, _) = lock_unit(&txn, unit).await?;
    let locks = Locks::load(&txn, &[period.year()]).await?;
    let approved = locks
        .latest(id, period)
        .is_some_and(|a| a.action == ApprovalAction::Approve);
    if !approved {
        let above = units
            .parent(id)
            .and_then(|parent| locks.locked_by(&units, parent, period))
            .map(|a| label(&units, a.unit_id));
        return Err(DomainError::NotApproved {
            unit: label(&units, id),
            period,
            above,
        });
    }
    let done = insert(&txn, id, period, ApprovalAction::Reopen, by, Some(reason)).await?;
    txn.commit().await?;
    written(&units, &done)
}

/// The registry, the unit's id and its offices, with the rows of the unit and its offices
/// locked (see the module's documentation).
async fn lock_unit(
    txn: &impl ConnectionTrait,
    unit: &str,
) -> Result<(UnitTree, i32, Vec<i32>), DomainError> {
    let units = UnitTree::load(txn).await?;
    let id = find_unit(&units, unit)?;
    let code = units.code(id).unwrap_or(unit).to_owned();
    let offices = units.offices_of(&code)?;
    let mut rows = offices.clone();
    rows.push(id);
    units::Entity::find()
        .filter(units::Column::Id.is_in(rows))
        .order_by_asc(units::Column::Id)
        .lock_exclusive()
        .all(txn)
        .await?;
    Ok((units, id, offices))
}

/// Writes one action and returns it as stored.
async fn insert(
    txn: &impl ConnectionTrait,
    unit: i32,
    period: Period,
    action: ApprovalAction,
    by: String,
    reason: Option<String>,
) -> Result<period_approvals::Model, DomainError> {
    let row = period_approvals::ActiveModel {
        id: NotSet,
        unit_id: Set(unit),
        year: Set(period.year()),
        months: Set(i32::from(period.months())),
        action: Set(action),
        done_by: Set(by),
        done_at: Set(Utc::now()),
        reason: Set(reason),
    };
    Ok(period_approvals::Entity::insert(row)
        .exec_with_returning(txn)
        .await?)
}

/// The action written, as a record.
fn written(
    units: &UnitTree,
    done: &period_approvals::Model,
) -> Result<ApprovalRecord, DomainError> {
    record(units, done)
        .ok_or_else(|| DomainError::Invalid(format!("the action {} names no known unit", done.id)))
}

/// A unit as errors name it: "Tỉnh Long An (LA)".
fn label(units: &UnitTree, id: i32) -> String {
    match (units.name(id), units.code(id)) {
        (Some(name), Some(code)) => format!("{name} ({code})"),
        (_, Some(code)) => code.to_owned(),
        _ => id.to_string(),
    }
}

/// A text given by a person, trimmed: refused when blank or holding a control character.
fn text(field: &str, value: &str) -> Result<String, DomainError> {
    refuse_control(field, value).map_err(DomainError::Invalid)?;
    let value = value.trim();
    if value.is_empty() {
        return Err(DomainError::Invalid(format!("{field} must not be blank")));
    }
    Ok(value.to_owned())
}
