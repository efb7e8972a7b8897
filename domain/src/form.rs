//! The two reporting forms, which are also the two measures of every statistic.

use sea_orm::sea_query::StringLen;
use sea_orm::{ActiveEnum, DeriveActiveEnum, EnumIter};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A reporting form: results counted in cases (Mẫu số 01/TK-THA) or in money (Mẫu số 02/TK-THA).
///
/// The same names serve as the `measure` of targets. Stored as text (`reports.form`,
/// `targets.measure`): the `string_value`s are the names in the database, in files and on the
/// command line, and the only place they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Form {
    /// Mẫu số 01/TK-THA, counted in cases (việc).
    #[sea_orm(string_value = "cases")]
    Cases,
    /// Mẫu số 02/TK-THA, counted in money, stored in đồng.
    #[sea_orm(string_value = "money")]
    Money,
}

impl Form {
    /// Both forms, cases first.
    pub const ALL: [Form; 2] = [Form::Cases, Form::Money];

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
        f.write_str(&self.to_value())
    }
}

/// A form name that is neither `cases` nor `money`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown measure {0:?}: expected \"cases\" or \"money\"")]
pub struct UnknownForm(pub String);

impl FromStr for Form {
    type Err = UnknownForm;

    /// A form as files name it: its stored name, in any case, spaces around allowed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Form::try_from_value(&s.trim().to_ascii_lowercase()).map_err(|_| UnknownForm(s.to_owned()))
    }
}
