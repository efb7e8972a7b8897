//! What there is to ask about: the case types and the periods that hold data. (The units are
//! read with [`crate::services::registry::load_units`].)

use crate::entities::{case_types, reports};
use crate::period::Period;
use crate::stats::CaseTypeRecord;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Every case type in tree order: each group, then its leaves, by position. One statement.
pub async fn case_types(db: &impl ConnectionTrait) -> Result<Vec<CaseTypeRecord>, DbErr> {
    let types = in_tree_order(case_types::Entity::find().all(db).await?);
    let codes: HashMap<i32, String> = types.iter().map(|t| (t.id, t.code.clone())).collect();
    Ok(types
        .into_iter()
        .map(|t| CaseTypeRecord {
            parent: t.parent_id.and_then(|p| codes.get(&p).cloned()),
            code: t.code,
            name: t.name,
            position: t.position,
        })
        .collect())
}

/// The periods that hold current reports, newest first. One statement.
pub async fn periods(db: &impl ConnectionTrait) -> Result<Vec<Period>, DbErr> {
    let stored: Vec<(i32, i32)> = reports::Entity::find()
        .select_only()
        .column(reports::Column::Year)
        .column(reports::Column::Months)
        .filter(reports::Column::IsCurrent.eq(true))
        .distinct()
        .order_by_desc(reports::Column::Year)
        .order_by_desc(reports::Column::Months)
        .into_tuple()
        .all(db)
        .await?;
    stored
        .into_iter()
        .map(|(year, months)| {
            Period::new(i64::from(year), i64::from(months))
                .map_err(|e| DbErr::Type(format!("a stored report's period: {e}")))
        })
        .collect()
}

/// Case types in tree order: the top nodes by position (then code), each followed by its
/// subtree in the same order.
pub(crate) fn in_tree_order(mut types: Vec<case_types::Model>) -> Vec<case_types::Model> {
    types.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    let ids: Vec<i32> = types.iter().map(|t| t.id).collect();
    let mut children: HashMap<Option<i32>, Vec<usize>> = HashMap::new();
    for (i, t) in types.iter().enumerate() {
        // A parent that is not there (impossible with the foreign key) makes a top node.
        let parent = t.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(i);
    }
    let mut order = Vec::with_capacity(types.len());
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<usize> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .copied()
        .collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(i);
        let below = children.get(&Some(types[i].id)).into_iter().flatten();
        stack.extend(below.rev().copied());
    }
    let mut slots: Vec<Option<case_types::Model>> = types.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ct(id: i32, code: &str, parent: Option<i32>, position: i32) -> case_types::Model {
        case_types::Model {
            id,
            code: code.to_owned(),
            name: code.to_owned(),
            parent_id: parent,
            position,
        }
    }

    #[test]
    fn groups_are_followed_by_their_leaves() {
        let types = vec![
            ct(4, "b.y", Some(2), 2),
            ct(1, "a", None, 1),
            ct(5, "b.x", Some(2), 1),
            ct(2, "b", None, 2),
            ct(3, "a.x", Some(1), 1),
        ];
        let codes: Vec<String> = in_tree_order(types).into_iter().map(|t| t.code).collect();
        assert_eq!(codes, vec!["a", "a.x", "b", "b.x", "b.y"]);
    }
}
