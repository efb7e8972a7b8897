//! The services that read and write the database: plain async functions over a connection.
//!
//! - [`approvals`]: approving a unit's period and reopening it; which offices it locks.
//! - [`registry`]: the unit registry and yearly targets, loaded from CSV files.
//! - [`reports`]: storing checked workbooks, with their history, and reading them back.
//! - [`stats`]: statistics over the current reports, month series and completeness.
//! - [`catalog`]: the case types and the periods that hold data.
//! - [`imports`]: the history of received files.
//! - [`tokens`]: the API tokens: created, listed, revoked, and checked on every request.
//! - [`revision`]: the revision of the data, which the API's response cache is keyed by.
//! - [`write`]: write transactions that serialise writers on both databases.

pub mod approvals;
pub mod catalog;
pub mod imports;
pub mod registry;
pub mod reports;
pub mod revision;
pub mod stats;
pub mod tokens;
pub mod write;
