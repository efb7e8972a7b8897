//! Loading `units.csv` (`code,name,parent,level,aliases`) into the registry: every line is
//! checked first, and the file is written in one transaction only when no line has a problem.

use super::csv_file::{CsvLine, read_csv};
use super::load::{load_models, records};
use super::units_check::{UnitLine, check_units};
use crate::entities::{unit_aliases, units};
use crate::error::{DomainError, LineProblem};
use crate::names::unit_keys;
use crate::services::write;
use crate::units::UnitLevel;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;
use std::io::Read;

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

/// Aliases written per statement, well under the bind limits of both databases.
const ALIAS_CHUNK: usize = 1000;

/// Loads `units.csv` (UTF-8, header `code,name,parent,level,aliases`, aliases separated by
/// `|`). Parents may come after their children, or be in the registry already. Every bad line
/// is reported with its number in one [`DomainError::Registry`], and then nothing is written;
/// otherwise units are created or updated by code and their aliases replaced, in one
/// transaction. Loading the same file again changes nothing.
pub async fn import_units_csv<C>(db: &C, reader: impl Read) -> Result<UnitsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let file = read_csv(reader, &["code", "name", "parent", "level"], &["aliases"]);
    let mut problems = file.problems;
    let lines: Vec<UnitLine> = file
        .lines
        .iter()
        .filter_map(|l| parse_line(l, &mut problems))
        .collect();
    let txn = write::begin(db).await?;
    let (stored_units, stored_aliases) = load_models(&txn).await?;
    let stored = records(&stored_units, &stored_aliases)?;
    problems.extend(check_units(&lines, &stored));
    if !problems.is_empty() {
        problems.sort();
        return Err(DomainError::Registry(problems));
    }
    let outcome = write_units(&txn, &lines, &stored_units, &stored_aliases).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// The unit of one line; `None` (with a problem) when it has no code.
fn parse_line(l: &CsvLine, problems: &mut Vec<LineProblem>) -> Option<UnitLine> {
    let field = |i: usize| l.fields.get(i).map_or("", String::as_str);
    let code = field(0);
    let name = field(1);
    if code.is_empty() {
        problems.push(LineProblem::new(l.line, "empty code"));
        return None;
    }
    if name.is_empty() {
        problems.push(LineProblem::new(
            l.line,
            format!("unit {code} has an empty name"),
        ));
    }
    let level = match field(3).parse::<UnitLevel>() {
        Ok(level) => Some(level),
        Err(e) => {
            problems.push(LineProblem::new(l.line, e.to_string()));
            None
        }
    };
    let mut aliases: Vec<String> = Vec::new();
    for alias in field(4).split('|').map(str::trim).filter(|a| !a.is_empty()) {
        if !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_owned());
        }
    }
    Some(UnitLine {
        line: l.line,
        code: code.to_owned(),
        name: name.to_owned(),
        parent: Some(field(2)).filter(|p| !p.is_empty()).map(str::to_owned),
        level,
        aliases,
    })
}

/// Creates or updates every unit of the file, parents before children.
async fn write_units(
    txn: &impl ConnectionTrait,
    lines: &[UnitLine],
    stored_units: &[units::Model],
    stored_aliases: &[unit_aliases::Model],
) -> Result<UnitsImported, DomainError> {
    let mut ids: HashMap<String, i32> = stored_units
        .iter()
        .map(|u| (u.code.clone(), u.id))
        .collect();
    let by_code: HashMap<&str, &units::Model> =
        stored_units.iter().map(|u| (u.code.as_str(), u)).collect();
    let mut aliases_of: HashMap<i32, Vec<&str>> = HashMap::new();
    for a in stored_aliases {
        aliases_of.entry(a.unit_id).or_default().push(&a.alias);
    }
    // A parent's level is above its child's (checked), so this order puts parents first.
    let mut ordered: Vec<&UnitLine> = lines.iter().collect();
    ordered.sort_by_key(|l| (l.level, l.line));
    let mut outcome = UnitsImported::default();
    let mut new_aliases = Vec::new();
    for l in ordered {
        let level = l.level.map_or("", UnitLevel::as_str).to_owned();
        let parent_id = match &l.parent {
            Some(code) => Some(
                *ids.get(code)
                    .ok_or_else(|| DomainError::UnknownUnit(code.clone()))?,
            ),
            None => None,
        };
        let id = match by_code.get(l.code.as_str()) {
            Some(old) => {
                let same_unit =
                    old.name == l.name && old.level == level && old.parent_id == parent_id;
                let old_aliases = aliases_of.get(&old.id).cloned().unwrap_or_default();
                let same_aliases =
                    old_aliases == l.aliases.iter().map(String::as_str).collect::<Vec<_>>();
                if !same_unit {
                    let update = units::ActiveModel {
                        id: Set(old.id),
                        name: Set(l.name.clone()),
                        level: Set(level),
                        parent_id: Set(parent_id),
                        ..Default::default()
                    };
                    units::Entity::update(update).exec(txn).await?;
                }
                if !same_aliases {
                    unit_aliases::Entity::delete_many()
                        .filter(unit_aliases::Column::UnitId.eq(old.id))
                        .exec(txn)
                        .await?;
                }
                if same_unit && same_aliases {
                    outcome.unchanged += 1;
                    continue;
                }
                outcome.updated += 1;
                if same_aliases {
                    continue;
                }
                old.id
            }
            None => {
                let unit = units::ActiveModel {
                    id: NotSet,
                    code: Set(l.code.clone()),
                    name: Set(l.name.clone()),
                    level: Set(level),
                    parent_id: Set(parent_id),
                    valid_from: Set(None),
                    valid_to: Set(None),
                };
                let id = units::Entity::insert(unit).exec(txn).await?.last_insert_id;
                ids.insert(l.code.clone(), id);
                outcome.created += 1;
                id
            }
        };
        new_aliases.extend(l.aliases.iter().map(|alias| unit_aliases::ActiveModel {
            id: NotSet,
            unit_id: Set(id),
            alias: Set(alias.clone()),
            key: Set(unit_keys(alias).full),
        }));
    }
    while !new_aliases.is_empty() {
        let rest = new_aliases.split_off(new_aliases.len().min(ALIAS_CHUNK));
        unit_aliases::Entity::insert_many(std::mem::replace(&mut new_aliases, rest))
            .exec_without_returning(txn)
            .await?;
    }
    Ok(outcome)
}
