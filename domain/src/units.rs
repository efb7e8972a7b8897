//! Units of the registry: the nation, provinces and the offices that report.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The level of a unit in the tree. Only offices report; every other unit is the sum of the
/// offices below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// The whole country.
    Nation,
    /// A province (or centrally run city).
    Province,
    /// An office that sends reports: a district or regional office, or a province's department.
    Office,
}

impl UnitLevel {
    /// The name used in files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Nation => "nation",
            UnitLevel::Province => "province",
            UnitLevel::Office => "office",
        }
    }
}

impl fmt::Display for UnitLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level that is not `nation`, `province` or `office`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level {0:?}: expected nation, province or office")]
pub struct UnknownLevel(pub String);

impl FromStr for UnitLevel {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nation" => Ok(UnitLevel::Nation),
            "province" => Ok(UnitLevel::Province),
            "office" => Ok(UnitLevel::Office),
            _ => Err(UnknownLevel(s.to_owned())),
        }
    }
}

/// A unit as the importer needs it to recognise who sent a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// Stable code, e.g. `LA-KIENTUONG`.
    pub code: String,
    /// Official name.
    pub name: String,
    /// The parent's code; `None` at the top.
    pub parent: Option<String>,
    /// Nation, province or office.
    pub level: UnitLevel,
    /// Other spellings offices use.
    pub aliases: Vec<String>,
}
