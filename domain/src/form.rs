//! The two reporting forms, which are also the two measures of every statistic.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A reporting form: results counted in cases (Mẫu số 01/TK-THA) or in money (Mẫu số 02/TK-THA).
///
/// The same names serve as the `measure` of targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Mẫu số 01/TK-THA, counted in cases (việc).
    Cases,
    /// Mẫu số 02/TK-THA, counted in money, stored in đồng.
    Money,
}

impl Form {
    /// Both forms, cases first.
    pub const ALL: [Form; 2] = [Form::Cases, Form::Money];

    /// The name used in files, the database and the command line: `cases` or `money`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Cases => "cases",
            Form::Money => "money",
        }
    }

    /// The short name clerks know the form by.
    pub fn title(self) -> &'static str {
        match self {
            Form::Cases => "Mẫu 01/TK-THA",
            Form::Money => "Mẫu 02/TK-THA",
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A form name that is neither `cases` nor `money`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown measure {0:?}: expected \"cases\" or \"money\"")]
pub struct UnknownForm(pub String);

impl FromStr for Form {
    type Err = UnknownForm;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cases" => Ok(Form::Cases),
            "money" => Ok(Form::Money),
            _ => Err(UnknownForm(s.to_owned())),
        }
    }
}
