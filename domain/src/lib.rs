//! The domain of thads: value types (periods, forms, outcomes), names, problems, the sea-orm
//! entities and the services that read and write them. Used by the importer and the API;
//! depends on neither.

pub mod access;
pub mod approval;
pub mod entities;
pub mod error;
pub mod form;
pub mod lang;
pub mod messages;
pub mod names;
pub mod notation;
pub mod outcome;
pub mod period;
pub mod problem;
pub mod problem_args;
pub mod problem_code;
pub mod problem_group;
pub mod report;
pub mod services;
pub mod stats;
pub mod text;
pub mod units;

pub use access::{Role, Sender, TokenIdentity};
pub use approval::{ApprovalAction, ApprovalRecord, ApprovalState};
pub use error::{DomainError, LineProblem};
pub use form::Form;
pub use lang::Lang;
pub use outcome::{Field, Outcome};
pub use period::Period;
pub use problem::{Problem, Severity, a1};
pub use problem_args::{Arg, Args};
pub use problem_code::ProblemCode;
pub use problem_group::group_repeated;
pub use report::{CheckedReport, CheckedWorkbook, ColumnPlace, ImportStatus, ReportRow};
pub use units::{UnitLevel, UnitRecord, Validity};
