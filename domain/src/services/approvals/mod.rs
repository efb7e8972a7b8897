//! Approving a unit's period and reopening it ("phê duyệt / chốt số liệu; mở lại"), and what
//! that locks.
//!
//! Every approval and reopening is a row of `period_approvals`, kept for ever. A period is
//! *locked* for an office when the latest action on its own unit or on any of its ancestors
//! for that period is an approval: no report of the office for the period may then be stored
//! (the store refuses it with the problem `period_locked`, inside its write transaction, see
//! `services::reports`).
//!
//! - [`approve_period`], [`reopen_period`]: the two writes, each with its checks, in a write
//!   transaction that locks the unit's and its offices' rows (see [`write`] for why).
//! - [`approval_state`], [`approval_history`]: how a unit's period stands; the actions listed.
//! - [`Locks`]: the actions of some years in memory, which answer for any office and period
//!   whether it is locked, and by which approval.

mod locks;
mod read;
mod write;

pub use locks::Locks;
pub use read::{approval_history, approval_state};
pub use write::{approve_period, reopen_period};
