//! The unit and case-type trees as the query services need them: every node by id and code,
//! its parent, its subtree. Each is loaded in one statement; the rest is done in memory.

use crate::entities::{case_types, units};
use crate::error::DomainError;
use crate::services::catalog;
use crate::units::UnitLevel;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use std::collections::HashMap;

/// The unit registry, sorted by code.
pub(crate) struct UnitTree {
    units: Vec<units::Model>,
    index: HashMap<i32, usize>,
    children: HashMap<i32, Vec<i32>>,
}

impl UnitTree {
    /// Every unit, in one statement.
    pub(crate) async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self::new(units::Entity::find().all(db).await?))
    }

    /// The tree of these units. They are sorted here, by code as Rust compares strings: the
    /// database's collation may order them otherwise.
    fn new(mut units: Vec<units::Model>) -> Self {
        units.sort_by(|a, b| a.code.cmp(&b.code));
        let index = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        for u in &units {
            if let Some(parent) = u.parent_id {
                children.entry(parent).or_default().push(u.id);
            }
        }
        Self {
            units,
            index,
            children,
        }
    }

    fn get(&self, id: i32) -> Option<&units::Model> {
        self.index.get(&id).map(|&i| &self.units[i])
    }

    /// The id of a unit code; an unknown code is [`DomainError::UnknownUnit`].
    pub(crate) fn id_of(&self, code: &str) -> Result<i32, DomainError> {
        self.units
            .binary_search_by(|u| u.code.as_str().cmp(code))
            .map(|i| self.units[i].id)
            .map_err(|_| DomainError::UnknownUnit(code.to_owned()))
    }

    /// The code of a unit.
    pub(crate) fn code(&self, id: i32) -> Option<&str> {
        self.get(id).map(|u| u.code.as_str())
    }

    /// The parent of a unit.
    pub(crate) fn parent(&self, id: i32) -> Option<i32> {
        self.get(id).and_then(|u| u.parent_id)
    }

    fn is_office(&self, id: i32) -> bool {
        self.get(id)
            .is_some_and(|u| u.level == UnitLevel::Office.as_str())
    }

    /// Every office, sorted by code.
    pub(crate) fn offices(&self) -> Vec<i32> {
        self.units
            .iter()
            .filter(|u| u.level == UnitLevel::Office.as_str())
            .map(|u| u.id)
            .collect()
    }

    /// The offices of a unit's subtree (the unit itself when it is an office), in no order.
    fn offices_under(&self, id: i32) -> Vec<i32> {
        let mut offices = Vec::new();
        let mut stack = vec![id];
        // The registry has no cycles (checked when loaded); the bound only guards against a
        // database edited by hand.
        let mut budget = self.units.len();
        while let Some(unit) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            if self.is_office(unit) {
                offices.push(unit);
            }
            stack.extend(self.children.get(&unit).into_iter().flatten());
        }
        offices
    }

    /// The offices of the subtree of a unit code (the unit itself when it is an office),
    /// sorted by code; an unknown code is [`DomainError::UnknownUnit`].
    pub(crate) fn offices_of(&self, code: &str) -> Result<Vec<i32>, DomainError> {
        let mut offices = self.offices_under(self.id_of(code)?);
        offices.sort_by(|a, b| self.code(*a).cmp(&self.code(*b)));
        Ok(offices)
    }

    /// The unit and its ancestors, nearest first.
    fn lineage(&self, id: i32) -> Vec<i32> {
        let mut chain = vec![id];
        while let Some(parent) = chain.last().and_then(|&u| self.parent(u)) {
            if chain.len() > self.units.len() || chain.contains(&parent) {
                break;
            }
            chain.push(parent);
        }
        chain
    }

    /// The nearest unit that is the unit itself or an ancestor of it and that has a value in
    /// `own`: how a target is inherited down the tree.
    pub(crate) fn inherit<T: Copy>(&self, id: i32, own: impl Fn(i32) -> Option<T>) -> Option<T> {
        self.lineage(id).into_iter().find_map(own)
    }

    /// The nearest unit that is, or is an ancestor of, every unit of `ids`; `None` when `ids`
    /// is empty or they have no common ancestor.
    pub(crate) fn common_ancestor(&self, ids: &[i32]) -> Option<i32> {
        let (first, rest) = ids.split_first()?;
        let lineages: Vec<Vec<i32>> = rest.iter().map(|&id| self.lineage(id)).collect();
        self.lineage(*first)
            .into_iter()
            .find(|candidate| lineages.iter().all(|l| l.contains(candidate)))
    }

    /// The units at the top of the tree, sorted by code.
    pub(crate) fn roots(&self) -> Vec<i32> {
        self.units
            .iter()
            .filter(|u| u.parent_id.is_none())
            .map(|u| u.id)
            .collect()
    }
}

/// The case types in tree order: each group followed by its leaves, by position.
pub(crate) struct CaseTree {
    types: Vec<case_types::Model>,
    index: HashMap<i32, usize>,
}

impl CaseTree {
    /// Every case type, in one statement.
    pub(crate) async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let types = catalog::in_tree_order(case_types::Entity::find().all(db).await?);
        let index = types.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        Ok(Self { types, index })
    }

    fn get(&self, id: i32) -> Option<&case_types::Model> {
        self.index.get(&id).map(|&i| &self.types[i])
    }

    /// The code of a case type.
    pub(crate) fn code(&self, id: i32) -> Option<&str> {
        self.get(id).map(|t| t.code.as_str())
    }

    /// The group of a leaf.
    pub(crate) fn parent(&self, id: i32) -> Option<i32> {
        self.get(id).and_then(|t| t.parent_id)
    }

    /// The place of a case type in tree order.
    pub(crate) fn rank(&self, id: i32) -> usize {
        self.index.get(&id).copied().unwrap_or(usize::MAX)
    }

    fn is_leaf(t: &case_types::Model) -> bool {
        t.parent_id.is_some()
    }

    /// Every leaf, in tree order.
    pub(crate) fn leaves(&self) -> Vec<i32> {
        self.types
            .iter()
            .filter(|t| Self::is_leaf(t))
            .map(|t| t.id)
            .collect()
    }

    /// The leaves a code stands for (a group: its leaves; a leaf: itself), in tree order; an
    /// unknown code is [`DomainError::UnknownCaseType`].
    pub(crate) fn leaves_of(&self, code: &str) -> Result<Vec<i32>, DomainError> {
        let node = self
            .types
            .iter()
            .find(|t| t.code == code)
            .ok_or_else(|| DomainError::UnknownCaseType(code.to_owned()))?;
        if Self::is_leaf(node) {
            return Ok(vec![node.id]);
        }
        Ok(self
            .types
            .iter()
            .filter(|t| t.parent_id == Some(node.id))
            .map(|t| t.id)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i32, code: &str, level: UnitLevel, parent: Option<i32>) -> units::Model {
        units::Model {
            id,
            code: code.to_owned(),
            name: code.to_owned(),
            level: level.as_str().to_owned(),
            parent_id: parent,
            valid_from: None,
            valid_to: None,
        }
    }

    fn tree() -> UnitTree {
        use UnitLevel::*;
        let units = vec![
            unit(1, "VN", Nation, None),
            unit(2, "A", Province, Some(1)),
            unit(3, "A-1", Office, Some(2)),
            unit(4, "A-2", Office, Some(2)),
            unit(5, "B", Province, Some(1)),
            unit(6, "B-1", Office, Some(5)),
        ];
        UnitTree::new(units)
    }

    #[test]
    fn subtrees_hold_offices_only() {
        let t = tree();
        let mut under = t.offices_under(1);
        under.sort_unstable();
        assert_eq!(under, vec![3, 4, 6]);
        assert_eq!(t.offices_under(3), vec![3]);
        assert_eq!(t.offices(), vec![3, 4, 6]);
        assert!(matches!(t.id_of("C"), Err(DomainError::UnknownUnit(c)) if c == "C"));
        assert_eq!(t.id_of("B-1").ok(), Some(6));
    }

    #[test]
    fn common_ancestors() {
        let t = tree();
        assert_eq!(t.common_ancestor(&[3, 4]), Some(2));
        assert_eq!(t.common_ancestor(&[3, 6]), Some(1));
        assert_eq!(t.common_ancestor(&[2, 3]), Some(2));
        assert_eq!(t.common_ancestor(&[4]), Some(4));
        assert_eq!(t.common_ancestor(&[]), None);
        assert_eq!(t.roots(), vec![1]);
    }

    #[test]
    fn inheritance_takes_the_nearest() {
        let t = tree();
        let own = |id| (id == 2 || id == 1).then_some(id);
        assert_eq!(t.inherit(3, own), Some(2));
        assert_eq!(t.inherit(6, own), Some(1));
        assert_eq!(t.inherit(6, |_| None::<i32>), None);
    }
}
