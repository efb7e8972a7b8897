//! Errors of the domain services.

use sea_orm::DbErr;
use std::fmt;

/// One bad line of a registry file (`units.csv`, `targets.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineProblem {
    /// 1-based line number; the header is line 1.
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

impl LineProblem {
    /// A problem on one line.
    pub fn new(line: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Why a domain service failed.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The database failed. Its text is for logs, never for clients.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// A registry file has bad lines; nothing of it was written.
    #[error("{}", registry_message(.0))]
    Registry(Vec<LineProblem>),
    /// A unit code that is not in the registry.
    #[error("unknown unit {0:?}: it is not in the unit registry")]
    UnknownUnit(String),
    /// Only offices report: a workbook of another unit cannot be stored.
    #[error("{0} is not an office: only offices send reports")]
    NotAnOffice(String),
    /// A case type code that is not in the database.
    #[error("unknown case type {0:?}")]
    UnknownCaseType(String),
    /// A request breaks a rule, e.g. an office token without its office, or a unit or target
    /// that fails the registry's checks. The message says which, in plain words; nothing was
    /// written.
    #[error("{0}")]
    Invalid(String),
    /// No token has this id.
    #[error("no token has the id {0}")]
    UnknownToken(i32),
    /// The operating system gave no random bytes for a new token.
    #[error("no random bytes from the operating system: {0}")]
    Random(String),
    /// The problems of an import could not be encoded.
    #[error("cannot encode the problems of an import: {0}")]
    Encode(#[from] serde_json::Error),
}

impl DomainError {
    /// The problems of one record (a unit or a target given alone, not in a file) as an
    /// [`DomainError::Invalid`]: their messages, without line numbers.
    pub fn invalid(problems: &[LineProblem]) -> Self {
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        DomainError::Invalid(messages.join("; "))
    }
}

fn registry_message(problems: &[LineProblem]) -> String {
    let mut text = match problems.len() {
        1 => "nothing was written: 1 line has a problem".to_owned(),
        n => format!("nothing was written: {n} problems"),
    };
    for p in problems {
        text.push('\n');
        text.push_str(&p.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_problems_are_listed_one_per_line() {
        let e = DomainError::Registry(vec![
            LineProblem::new(3, "unknown parent \"XX\""),
            LineProblem::new(7, "empty code"),
        ]);
        assert_eq!(
            e.to_string(),
            "nothing was written: 2 problems\nline 3: unknown parent \"XX\"\nline 7: empty code"
        );
    }
}
