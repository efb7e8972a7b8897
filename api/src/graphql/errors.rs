//! The errors clients see: a clear message and a stable `extensions.code`.
//!
//! Codes: [`BAD_USER_INPUT`] (an argument out of range), [`NOT_FOUND`] (an unknown unit or case
//! type code), [`UNAUTHENTICATED`] (a token is needed), [`FORBIDDEN`] (the token's role does
//! not allow it), [`DATABASE_READ_ONLY`] (a write to a database that takes none), [`INTERNAL`]
//! (anything else; the details go to the log, never to the client),
//! and, set by the request extension on errors found before execution,
//! [`GRAPHQL_PARSE_FAILED`], [`GRAPHQL_VALIDATION_FAILED`], [`QUERY_TOO_DEEP`],
//! [`QUERY_TOO_COMPLEX`] and, by the request's budget (see [`super::limits`]),
//! [`QUERY_TOO_EXPENSIVE`] and [`RESPONSE_TOO_LARGE`]. `GET /api/report` and `approvePeriod`
//! add [`NO_REPORTS`]; `approvePeriod` and `reopenPeriod` add [`ALREADY_APPROVED`] and
//! [`NOT_APPROVED`].

use crate::access::Denial;
use crate::uploads::UploadError;
use async_graphql::{Error, ErrorExtensions};
use sea_orm::DbErr;
use std::fmt::Display;
use thads_domain::DomainError;

/// An argument is out of range or malformed, e.g. `months: 13` or a negative `limit`.
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
/// A code names no unit or case type.
pub const NOT_FOUND: &str = "NOT_FOUND";
/// `GET /api/report`, `approvePeriod`: none of the unit's offices reported the period.
pub const NO_REPORTS: &str = "NO_REPORTS";
/// `approvePeriod`: the unit has approved the period already; nothing changed.
pub const ALREADY_APPROVED: &str = "ALREADY_APPROVED";
/// `reopenPeriod`: the unit has not approved the period (or has reopened it since); nothing
/// changed.
pub const NOT_APPROVED: &str = "NOT_APPROVED";
/// A token is needed and none (or no valid one) was sent.
pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
/// The token's role does not allow it.
pub const FORBIDDEN: &str = "FORBIDDEN";
/// The database takes no writes (a read-only SQLite file, a PostgreSQL database in read-only
/// mode or a standby): nothing was stored; reads still work. The message says so in Vietnamese
/// then English.
pub const DATABASE_READ_ONLY: &str = "DATABASE_READ_ONLY";
/// The server failed; the message is always "internal error".
pub const INTERNAL: &str = "INTERNAL";
/// The query is not valid GraphQL syntax.
pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// The query does not fit the schema (unknown field, wrong argument type, …).
pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
/// The query nests deeper than the server allows.
pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
/// The query asks for more work than the server allows.
pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
/// The query's estimated cost (values answered and reports read) is past the request's
/// budget, or it ran past the request's deadline; `extensions.limit` names the limit.
pub const QUERY_TOO_EXPENSIVE: &str = "QUERY_TOO_EXPENSIVE";
/// The answer grew past the largest the server sends; `extensions.limit` names the limit.
pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";

/// An error with a code.
pub fn coded(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// A bad argument.
pub fn bad_input(message: impl Into<String>) -> Error {
    coded(BAD_USER_INPUT, message)
}

/// An unknown code.
pub fn not_found(message: impl Into<String>) -> Error {
    coded(NOT_FOUND, message)
}

/// A failure of the server: logged in full, reported as "internal error".
pub fn internal(cause: &dyn Display) -> Error {
    tracing::error!(error = %cause, "request failed");
    coded(INTERNAL, "internal error")
}

/// A caller who may not do this: `UNAUTHENTICATED` or `FORBIDDEN`.
pub fn denied(denial: Denial) -> Error {
    match denial {
        Denial::Unauthenticated(message) => coded(UNAUTHENTICATED, message),
        Denial::Forbidden(message) => coded(FORBIDDEN, message),
    }
}

/// The GraphQL error of a domain error: unknown codes are `NOT_FOUND`, requests that break a
/// rule `BAD_USER_INPUT`, the approvals' refusals their own codes, a write to a read-only database `DATABASE_READ_ONLY`, database and
/// other failures `INTERNAL` (their text is logged, not returned).
pub fn from_domain(e: DomainError) -> Error {
    match e {
        DomainError::UnknownUnit(_)
        | DomainError::UnknownCaseType(_)
        | DomainError::UnknownToken(_) => not_found(e.to_string()),
        DomainError::NotAnOffice(_)
        | DomainError::NotInForce { .. }
        | DomainError::Invalid(_)
        | DomainError::Registry(_) => bad_input(e.to_string()),
        DomainError::NoReports { .. } => coded(NO_REPORTS, e.to_string()),
        DomainError::AlreadyApproved { .. } => coded(ALREADY_APPROVED, e.to_string()),
        DomainError::NotApproved { .. } => coded(NOT_APPROVED, e.to_string()),
        DomainError::ReadOnly => read_only(),
        other => internal(&other),
    }
}

/// `DATABASE_READ_ONLY`, with the domain's words for it.
pub fn read_only() -> Error {
    coded(DATABASE_READ_ONLY, DomainError::ReadOnly.to_string())
}

/// The GraphQL error of files not imported at all.
pub fn from_upload(e: UploadError) -> Error {
    match e {
        UploadError::Denied(denial) => denied(denial),
        UploadError::TooManyFiles(_) => bad_input(e.to_string()),
        UploadError::ReadOnly => read_only(),
        UploadError::Failed(failure) => internal(&failure),
    }
}

/// Turns the errors of the domain services into GraphQL errors, so that no resolver can pass
/// database text on to a client by a bare `?`.
pub trait OrGql<T> {
    /// The value, or the GraphQL error for the failure.
    fn or_gql(self) -> async_graphql::Result<T>;
}

impl<T> OrGql<T> for Result<T, DomainError> {
    fn or_gql(self) -> async_graphql::Result<T> {
        self.map_err(from_domain)
    }
}

impl<T> OrGql<T> for Result<T, Denial> {
    fn or_gql(self) -> async_graphql::Result<T> {
        self.map_err(denied)
    }
}

impl<T> OrGql<T> for Result<T, UploadError> {
    fn or_gql(self) -> async_graphql::Result<T> {
        self.map_err(from_upload)
    }
}

impl<T> OrGql<T> for Result<T, DbErr> {
    fn or_gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| from_domain(DomainError::from(e)))
    }
}

/// The code of an error, if it has one.
pub fn code_of(error: &async_graphql::ServerError) -> Option<String> {
    match error.extensions.as_ref()?.get("code")? {
        async_graphql::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(e: &Error) -> Option<String> {
        code_of(&e.clone().into_server_error(async_graphql::Pos::default()))
    }

    #[test]
    fn database_text_is_not_returned() {
        let e = from_domain(DomainError::Db(DbErr::Custom("secret table t".into())));
        assert_eq!(e.message, "internal error");
        assert_eq!(code(&e).as_deref(), Some(INTERNAL));
    }

    #[test]
    fn a_read_only_database_is_said_so() {
        let e = from_domain(DomainError::ReadOnly);
        assert_eq!(code(&e).as_deref(), Some(DATABASE_READ_ONLY));
        assert_eq!(
            e.message,
            "Cơ sở dữ liệu đang ở chế độ chỉ đọc: không thể lưu báo cáo. / The database is \
             read-only: nothing can be stored."
        );
    }

    #[test]
    fn unknown_codes_are_not_found() {
        let e = from_domain(DomainError::UnknownUnit("XX".into()));
        assert_eq!(code(&e).as_deref(), Some(NOT_FOUND));
        assert!(e.message.contains("XX"), "{}", e.message);
    }
}
