//! Loading `units.csv` (`code,name,parent,level,aliases`, and optionally `valid_from`,
//! `valid_to`, `successor`) into the registry, or one unit given alone: every unit is checked
//! first, the same way for both, and written in one transaction only when none has a problem.

use super::csv_file::read_csv;
use super::load::{load_models, records};
use super::units_check::{Kept, UnitLine, check_units};
use super::units_write::write_units;
use crate::error::{DomainError, LineProblem};
use crate::services::write;
use crate::text::refuse_control;
use crate::units::{UnitLevel, Validity};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use std::io::Read;
use unicode_normalization::UnicodeNormalization;

/// What loading `units.csv` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitsImported {
    /// Units that were not in the registry.
    pub created: usize,
    /// Units whose name, parent, level, aliases, validity or successor changed.
    pub updated: usize,
    /// Units of the file that were already registered exactly so.
    pub unchanged: usize,
}

/// A unit to create or update by its code, given alone rather than in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitInput {
    /// Its code, e.g. `LA-TANTRU`.
    pub code: String,
    /// Its official name.
    pub name: String,
    /// Its parent's code; none for a top unit.
    pub parent: Option<String>,
    /// Its level.
    pub level: UnitLevel,
    /// Its other spellings, replacing those it had; `None` keeps them.
    pub aliases: Option<Vec<String>>,
    /// Its first day; `None` keeps the one stored (a new unit: it always existed).
    pub valid_from: Option<NaiveDate>,
    /// Its last day; `None` keeps the one stored (a new unit: it has not ended).
    pub valid_to: Option<NaiveDate>,
    /// The code of the unit that takes over the day after `valid_to`; `None` keeps the one
    /// stored (a new unit: none).
    pub successor: Option<String>,
}

/// The columns of `units.csv`: those required, then those that may be left out.
const REQUIRED: [&str; 4] = ["code", "name", "parent", "level"];
const OPTIONAL: [&str; 4] = ["aliases", "valid_from", "valid_to", "successor"];

/// Loads `units.csv` (UTF-8, header `code,name,parent,level,aliases`, aliases separated by
/// `|`; optionally `valid_from`, `valid_to` as `YYYY-MM-DD`, empty when open, and `successor`,
/// a code). Parents and successors may come after the units that name them, or be in the
/// registry already. Every bad line (a field holding a control character, a code used twice or
/// already in the registry in another case, an unknown parent or level, a date that is not one,
/// a successor that does not start the day after, a name shared at the same time…) is reported
/// with its number in one [`DomainError::Registry`], and then nothing is written; otherwise
/// units are created or updated by code and their aliases replaced, in one transaction. A file
/// without the validity columns keeps the validity stored. Loading the same file again changes
/// nothing.
pub async fn import_units_csv<C>(db: &C, reader: impl Read) -> Result<UnitsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let file = read_csv(reader, &REQUIRED, &OPTIONAL);
    let kept = Kept {
        aliases: false,
        valid_from: !file.has(5),
        valid_to: !file.has(6),
        successor: !file.has(7),
    };
    let mut problems = file.problems;
    let lines: Vec<UnitLine> = file
        .lines
        .iter()
        .filter_map(|l| {
            let field = |i: usize| l.fields.get(i).map_or("", String::as_str);
            let level = field(3).parse::<UnitLevel>().map_err(|e| e.to_string());
            let mut date_at = |i: usize| {
                date(
                    l.line,
                    OPTIONAL[i - REQUIRED.len()],
                    field(i),
                    &mut problems,
                )
            };
            let validity = Validity {
                from: date_at(5),
                to: date_at(6),
                successor: Some(field(7).to_owned()),
            };
            let aliases = Some(field(4).split('|').collect());
            unit_line(
                l.line,
                [field(0), field(1), field(2)],
                level,
                (aliases, validity, kept),
                &mut problems,
            )
        })
        .collect();
    save_units(db, lines, problems).await
}

/// The date of a column, when its text is one (`YYYY-MM-DD`); `None` when empty, and then also
/// when it is not a date, with a problem.
fn date(line: u64, column: &str, text: &str, problems: &mut Vec<LineProblem>) -> Option<NaiveDate> {
    if text.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| {
            problems.push(LineProblem::new(
                line,
                format!("{column} {text:?} is not a date: write it as YYYY-MM-DD, e.g. 2025-06-30"),
            ));
        })
        .ok()
}

/// Creates or updates one unit, with the same checks as a line of `units.csv` against the
/// registry (parent, level, cycles, names that read the same as a sibling's, no control
/// character in any field). A unit that fails them is [`DomainError::Invalid`], and nothing is
/// written.
pub async fn upsert_unit<C>(db: &C, unit: UnitInput) -> Result<UnitsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let parent = unit.parent.as_deref().unwrap_or_default();
    let successor = unit.successor.as_deref().unwrap_or_default();
    let controls = control_characters(&unit, parent, successor);
    if !controls.is_empty() {
        return Err(DomainError::Invalid(controls.join("; ")));
    }
    let mut problems = Vec::new();
    let aliases = unit
        .aliases
        .as_ref()
        .map(|a| a.iter().map(String::as_str).collect());
    let kept = Kept {
        aliases: false,
        valid_from: unit.valid_from.is_none(),
        valid_to: unit.valid_to.is_none(),
        successor: unit.successor.is_none(),
    };
    let validity = Validity {
        from: unit.valid_from,
        to: unit.valid_to,
        successor: unit.successor.clone(),
    };
    let lines: Vec<UnitLine> = unit_line(
        1,
        [&unit.code, &unit.name, parent],
        Ok(unit.level),
        (aliases, validity, kept),
        &mut problems,
    )
    .into_iter()
    .collect();
    match save_units(db, lines, problems).await {
        Err(DomainError::Registry(problems)) => Err(DomainError::invalid(&problems)),
        other => other,
    }
}

/// The control characters of a unit given alone, each with its field (as in a line of the
/// file, nothing else is checked then).
fn control_characters(unit: &UnitInput, parent: &str, successor: &str) -> Vec<String> {
    let aliases = unit.aliases.iter().flatten().enumerate();
    [
        ("code", unit.code.as_str()),
        ("name", &unit.name),
        ("parent", parent),
        ("successor", successor),
    ]
    .into_iter()
    .map(|(field, text)| refuse_control(field, text))
    .chain(aliases.map(|(i, alias)| refuse_control(&format!("alias {}", i + 1), alias)))
    .filter_map(Result::err)
    .collect()
}

/// Checks the units against each other and the registry, and writes them in one transaction
/// when neither they nor `problems` (found while reading them) hold a problem.
async fn save_units<C>(
    db: &C,
    mut lines: Vec<UnitLine>,
    mut problems: Vec<LineProblem>,
) -> Result<UnitsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = write::begin(db).await?;
    let (stored_units, stored_aliases) = load_models(&txn).await?;
    let stored = records(&stored_units, &stored_aliases);
    for line in &mut lines {
        let Some(old) = stored.iter().find(|u| u.code == line.code) else {
            continue; // a new unit: the defaults, already there
        };
        let kept = line.kept;
        if kept.aliases {
            line.aliases.clone_from(&old.aliases);
        }
        if kept.valid_from {
            line.validity.from = old.validity.from;
        }
        if kept.valid_to {
            line.validity.to = old.validity.to;
        }
        if kept.successor {
            line.validity.successor.clone_from(&old.validity.successor);
        }
    }
    problems.extend(check_units(&lines, &stored));
    if !problems.is_empty() {
        problems.sort();
        return Err(DomainError::Registry(problems));
    }
    let outcome = write_units(&txn, &lines, &stored_units, &stored_aliases).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// The unit of one line from its code, name and parent (trimmed and normalised here, as is its
/// successor's code), its level, its aliases (`None`: keep those stored), its validity and the
/// fields of it kept; `None` (with a problem) when it has no code. Every other problem is added
/// to `problems`.
fn unit_line(
    line: u64,
    [code, name, parent]: [&str; 3],
    level: Result<UnitLevel, String>,
    (aliases, mut validity, mut kept): (Option<Vec<&str>>, Validity, Kept),
    problems: &mut Vec<LineProblem>,
) -> Option<UnitLine> {
    let clean = |s: &str| -> String { s.trim().nfc().collect() };
    let (code, name, parent) = (clean(code), clean(name), clean(parent));
    validity.successor = validity
        .successor
        .as_deref()
        .map(clean)
        .filter(|s| !s.is_empty());
    if code.is_empty() {
        problems.push(LineProblem::new(line, "empty code"));
        return None;
    }
    if name.is_empty() {
        problems.push(LineProblem::new(
            line,
            format!("unit {code} has an empty name"),
        ));
    }
    let level = level
        .map_err(|e| problems.push(LineProblem::new(line, e)))
        .ok();
    kept.aliases = aliases.is_none();
    let mut distinct: Vec<String> = Vec::new();
    for alias in aliases.unwrap_or_default().into_iter().map(clean) {
        if !alias.is_empty() && !distinct.contains(&alias) {
            distinct.push(alias);
        }
    }
    Some(UnitLine {
        line,
        code,
        name,
        parent: Some(parent).filter(|p| !p.is_empty()),
        level,
        aliases: distinct,
        validity,
        kept,
    })
}
