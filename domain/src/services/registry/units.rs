//! Loading `units.csv` (`code,name,parent,level,aliases`) into the registry, or one unit given
//! alone: every unit is checked first, the same way for both, and written in one transaction
//! only when none has a problem.

use super::csv_file::read_csv;
use super::load::{load_models, records};
use super::units_check::{UnitLine, check_units};
use super::units_write::write_units;
use crate::error::{DomainError, LineProblem};
use crate::services::write;
use crate::text::refuse_control;
use crate::units::UnitLevel;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use std::io::Read;
use unicode_normalization::UnicodeNormalization;

/// What loading `units.csv` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitsImported {
    /// Units that were not in the registry.
    pub created: usize,
    /// Units whose name, parent, level or aliases changed.
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
}

/// Loads `units.csv` (UTF-8, header `code,name,parent,level,aliases`, aliases separated by
/// `|`). Parents may come after their children, or be in the registry already. Every bad line
/// (a field holding a control character, a code used twice or already in the registry in
/// another case, an unknown parent or level…) is reported with its number in one
/// [`DomainError::Registry`], and then nothing is written; otherwise units are created or
/// updated by code and their aliases replaced, in one transaction. Loading the same file again
/// changes nothing.
pub async fn import_units_csv<C>(db: &C, reader: impl Read) -> Result<UnitsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let file = read_csv(reader, &["code", "name", "parent", "level"], &["aliases"]);
    let mut problems = file.problems;
    let lines: Vec<UnitLine> = file
        .lines
        .iter()
        .filter_map(|l| {
            let field = |i: usize| l.fields.get(i).map_or("", String::as_str);
            let level = field(3).parse::<UnitLevel>().map_err(|e| e.to_string());
            let aliases = Some(field(4).split('|').collect());
            unit_line(
                l.line,
                [field(0), field(1), field(2)],
                level,
                aliases,
                &mut problems,
            )
        })
        .collect();
    save_units(db, lines, problems).await
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
    let controls = control_characters(&unit, parent);
    if !controls.is_empty() {
        return Err(DomainError::Invalid(controls.join("; ")));
    }
    let mut problems = Vec::new();
    let aliases = unit
        .aliases
        .as_ref()
        .map(|a| a.iter().map(String::as_str).collect());
    let lines: Vec<UnitLine> = unit_line(
        1,
        [&unit.code, &unit.name, parent],
        Ok(unit.level),
        aliases,
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
fn control_characters(unit: &UnitInput, parent: &str) -> Vec<String> {
    let aliases = unit.aliases.iter().flatten().enumerate();
    [
        ("code", unit.code.as_str()),
        ("name", &unit.name),
        ("parent", parent),
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
    let stored = records(&stored_units, &stored_aliases)?;
    for line in lines.iter_mut().filter(|l| l.keep_aliases) {
        line.aliases = stored
            .iter()
            .find(|u| u.code == line.code)
            .map(|u| u.aliases.clone())
            .unwrap_or_default();
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

/// The unit of one line from its code, name and parent (trimmed and normalised here), its
/// level, and its aliases (`None`: keep those stored); `None` (with a problem) when it has no
/// code. Every other problem is added to `problems`.
fn unit_line(
    line: u64,
    [code, name, parent]: [&str; 3],
    level: Result<UnitLevel, String>,
    aliases: Option<Vec<&str>>,
    problems: &mut Vec<LineProblem>,
) -> Option<UnitLine> {
    let clean = |s: &str| -> String { s.trim().nfc().collect() };
    let (code, name, parent) = (clean(code), clean(name), clean(parent));
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
    let keep_aliases = aliases.is_none();
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
        keep_aliases,
    })
}
