//! Writing checked units: created or updated by code, parents before children, their aliases
//! replaced, then their successors linked (a successor may be created after its predecessors).

use super::UnitsImported;
use super::units_check::UnitLine;
use crate::entities::{unit_aliases, units};
use crate::error::{DomainError, LineProblem};
use crate::names::unit_keys;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Aliases written per statement, well under the bind limits of both databases.
const ALIAS_CHUNK: usize = 1000;

/// Creates or updates every unit, parents before children (the units are checked).
pub(super) async fn write_units(
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
    let code_of: HashMap<i32, &str> = stored_units
        .iter()
        .map(|u| (u.id, u.code.as_str()))
        .collect();
    let mut outcome = UnitsImported::default();
    let mut new_aliases = Vec::new();
    // The units whose successor changes, linked once every unit exists.
    let mut successors: Vec<(&str, Option<&str>)> = Vec::new();
    for l in ordered {
        // The checks refuse a line whose level was not understood, so every line here has
        // one; should one not, it is refused rather than stored without.
        let Some(level) = l.level else {
            return Err(DomainError::Registry(vec![LineProblem::new(
                l.line,
                format!("unit {} has no level", l.code),
            )]));
        };
        let parent_id = l.parent.as_deref().map(|p| id_of(&ids, p)).transpose()?;
        let successor = l.validity.successor.as_deref();
        let (from, to) = (l.validity.from, l.validity.to);
        let id = match by_code.get(l.code.as_str()) {
            Some(old) => {
                let old_successor = old.successor_id.and_then(|id| code_of.get(&id).copied());
                let same_successor = old_successor == successor;
                if !same_successor {
                    successors.push((&l.code, successor));
                }
                let same_unit = old.name == l.name
                    && old.level == level
                    && old.parent_id == parent_id
                    && old.valid_from == from
                    && old.valid_to == to
                    && same_successor;
                let old_aliases = aliases_of.get(&old.id).cloned().unwrap_or_default();
                let same_aliases =
                    old_aliases == l.aliases.iter().map(String::as_str).collect::<Vec<_>>();
                if !same_unit {
                    let update = units::ActiveModel {
                        id: Set(old.id),
                        name: Set(l.name.clone()),
                        level: Set(level),
                        parent_id: Set(parent_id),
                        valid_from: Set(from),
                        valid_to: Set(to),
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
                    valid_from: Set(from),
                    valid_to: Set(to),
                    successor_id: Set(None),
                    due_day: Set(None),
                };
                let id = units::Entity::insert(unit).exec(txn).await?.last_insert_id;
                if successor.is_some() {
                    successors.push((&l.code, successor));
                }
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
    for (code, successor) in successors {
        let successor_id = successor.map(|s| id_of(&ids, s)).transpose()?;
        let update = units::ActiveModel {
            id: Set(id_of(&ids, code)?),
            successor_id: Set(successor_id),
            ..Default::default()
        };
        units::Entity::update(update).exec(txn).await?;
    }
    while !new_aliases.is_empty() {
        let rest = new_aliases.split_off(new_aliases.len().min(ALIAS_CHUNK));
        unit_aliases::Entity::insert_many(std::mem::replace(&mut new_aliases, rest))
            .exec_without_returning(txn)
            .await?;
    }
    Ok(outcome)
}

/// The id of a unit written or stored (the units are checked: it is there).
fn id_of(ids: &HashMap<String, i32>, code: &str) -> Result<i32, DomainError> {
    ids.get(code)
        .copied()
        .ok_or_else(|| DomainError::UnknownUnit(code.to_owned()))
}
