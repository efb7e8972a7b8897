//! The domain of thads: value types (periods, forms, outcomes), names, problems, the sea-orm
//! entities and the services that read and write them. Used by the importer and the API;
//! depends on neither.

pub mod access;
pub mod approval;
pub mod entities;
pub mod error;
pub mod form;
pub mod names;
pub mod outcome;
pub mod period;
pub mod problem;
pub mod report;
pub mod services;
pub mod stats;
pub mod text;
pub mod units;

pub use access::{Role, Sender, TokenIdentity};
pub use approval::{ApprovalAction, ApprovalRecord, ApprovalState};
pub use error::{DomainError, LineProblem};
pub use form::Form;
pub use outcome::{Field, Outcome};
pub use period::Period;
pub use problem::{Problem, Severity, a1};
pub use report::{CheckedReport, CheckedWorkbook, ColumnPlace, ImportStatus, ReportRow};
pub use units::{UnitLevel, UnitRecord, Validity};
