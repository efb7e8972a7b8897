//! Reading the unit registry back.

use crate::entities::{unit_aliases, units};
use crate::units::{UnitRecord, Validity};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use std::collections::HashMap;

/// Every unit with its aliases, sorted by code. Two queries, whatever the number of units.
pub async fn load_units(db: &impl ConnectionTrait) -> Result<Vec<UnitRecord>, DbErr> {
    let (units, aliases) = load_models(db).await?;
    Ok(records(&units, &aliases))
}

/// The stored units, sorted by code, and every alias, in the order they were written.
pub(crate) async fn load_models(
    db: &impl ConnectionTrait,
) -> Result<(Vec<units::Model>, Vec<unit_aliases::Model>), DbErr> {
    let units = units::Entity::find()
        .order_by_asc(units::Column::Code)
        .all(db)
        .await?;
    let aliases = unit_aliases::Entity::find()
        .order_by_asc(unit_aliases::Column::Id)
        .all(db)
        .await?;
    Ok((units, aliases))
}

/// The records of stored units.
pub(crate) fn records(units: &[units::Model], aliases: &[unit_aliases::Model]) -> Vec<UnitRecord> {
    let codes: HashMap<i32, &str> = units.iter().map(|u| (u.id, u.code.as_str())).collect();
    let mut by_unit: HashMap<i32, Vec<String>> = HashMap::new();
    for a in aliases {
        by_unit.entry(a.unit_id).or_default().push(a.alias.clone());
    }
    units
        .iter()
        .map(|u| UnitRecord {
            code: u.code.clone(),
            name: u.name.clone(),
            parent: u
                .parent_id
                .and_then(|id| codes.get(&id).map(|c| (*c).to_owned())),
            level: u.level,
            aliases: by_unit.remove(&u.id).unwrap_or_default(),
            validity: Validity {
                from: u.valid_from,
                to: u.valid_to,
                successor: u
                    .successor_id
                    .and_then(|id| codes.get(&id).map(|c| (*c).to_owned())),
            },
        })
        .collect()
}
