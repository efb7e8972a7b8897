//! Units of the registry: the nation, provinces and the offices that report.

use chrono::NaiveDate;
use sea_orm::sea_query::StringLen;
use sea_orm::{ActiveEnum, DeriveActiveEnum, EnumIter};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The level of a unit in the tree. Only offices report; every other unit is the sum of the
/// offices below it.
///
/// Stored as text (`units.level`): the `string_value`s are the names in the database and in
/// `units.csv`, and the only place they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum UnitLevel {
    /// The whole country.
    #[sea_orm(string_value = "nation")]
    Nation,
    /// A province (or centrally run city).
    #[sea_orm(string_value = "province")]
    Province,
    /// An office that sends reports: a district or regional office, or a province's department.
    #[sea_orm(string_value = "office")]
    Office,
}

impl fmt::Display for UnitLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_value())
    }
}

/// A level that is not `nation`, `province` or `office`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level {0:?}: expected nation, province or office")]
pub struct UnknownLevel(pub String);

impl FromStr for UnitLevel {
    type Err = UnknownLevel;

    /// A level as `units.csv` names it: its stored name, in any case, spaces around allowed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UnitLevel::try_from_value(&s.trim().to_ascii_lowercase())
            .map_err(|_| UnknownLevel(s.to_owned()))
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
    /// When it exists and who takes over after it.
    pub validity: Validity,
}

/// When a unit exists, and who takes over after it (`reorganisation.md`). The default is a unit
/// that always exists and has no successor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// Its first day; `None`: it always existed.
    pub from: Option<NaiveDate>,
    /// Its last day (inclusive); `None`: it has not ended.
    pub to: Option<NaiveDate>,
    /// The code of the unit that starts the day after `to`, when one does.
    pub successor: Option<String>,
}

impl Validity {
    /// Whether the unit exists on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.to.is_none_or(|to| day <= to)
    }

    /// When the unit exists, in words: "always", "from 2025-07-01 on", "until 2025-06-30",
    /// "from … to …".
    pub fn span(&self) -> String {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        match (day(self.from), day(self.to)) {
            (None, None) => "always".to_owned(),
            (Some(from), None) => format!("from {from} on"),
            (None, Some(to)) => format!("until {to}"),
            (Some(from), Some(to)) => format!("from {from} to {to}"),
        }
    }

    /// Whether the unit exists on some day on which `other` exists too (open ends reach as
    /// far as any date).
    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        };
        let ends_after_other_starts = match (self.to, other.from) {
            (Some(to), Some(from)) => from <= to,
            _ => true,
        };
        starts_before_other_ends && ends_after_other_starts
    }

    /// Whether the unit exists on every day on which `inner` exists.
    pub fn covers(&self, inner: &Validity) -> bool {
        let from = match (self.from, inner.from) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(outer), Some(inner)) => outer <= inner,
        };
        let to = match (self.to, inner.to) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(outer), Some(inner)) => inner <= outer,
        };
        from && to
    }
}
