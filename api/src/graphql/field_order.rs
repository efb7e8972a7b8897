//! The answer's fields in the order of the query, as the GraphQL specification requires.
//!
//! async-graphql resolves the fields of a query concurrently and keeps them in the order they
//! finish, so `{ z: … a: … m: … }` may come back as `a, m, z`. This puts every object of the
//! answer back in the order its fields are selected (fragments expanded where they stand),
//! leaving an object untouched when it is in order already.

use async_graphql::Name;
use async_graphql::Value;
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// `data` with every object's fields in the order `set` selects them.
pub fn in_query_order(document: &ExecutableDocument, set: &SelectionSet, data: &mut Value) {
    order(document, &[set], data);
}

/// The response keys selected by `sets` (merged, as the specification merges fields of the
/// same key), in order, each with the selection sets below it.
fn keys<'d>(
    document: &'d ExecutableDocument,
    sets: &[&'d SelectionSet],
) -> IndexMap<&'d Name, Vec<&'d SelectionSet>> {
    let mut keys: IndexMap<&Name, Vec<&SelectionSet>> = IndexMap::new();
    let mut pending: Vec<&SelectionSet> = sets.iter().rev().copied().collect();
    // Fragments are expanded where they stand: a stack keeps the order.
    let mut stack: Vec<std::slice::Iter<'d, _>> = Vec::new();
    while let Some(set) = pending.pop() {
        stack.push(set.items.iter());
        while let Some(items) = stack.last_mut() {
            let Some(selection) = items.next() else {
                stack.pop();
                continue;
            };
            match &selection.node {
                Selection::Field(field) => keys
                    .entry(&field.node.response_key().node)
                    .or_default()
                    .push(&field.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                        && stack.len() < MAX_NESTING
                    {
                        stack.push(fragment.node.selection_set.node.items.iter());
                    }
                }
                Selection::InlineFragment(inline) => {
                    if stack.len() < MAX_NESTING {
                        stack.push(inline.node.selection_set.node.items.iter());
                    }
                }
            }
        }
    }
    keys
}

/// How deep fragments are followed inside one selection set (validation has refused cycles).
const MAX_NESTING: usize = 64;

fn order(document: &ExecutableDocument, sets: &[&SelectionSet], value: &mut Value) {
    match value {
        Value::Object(fields) => {
            let keys = keys(document, sets);
            let in_order = fields
                .keys()
                .zip(keys.keys().filter(|k| fields.contains_key(**k)))
                .all(|(a, b)| a == *b);
            if !in_order {
                let mut old = std::mem::take(fields);
                for key in keys.keys() {
                    if let Some((name, v)) = old.shift_remove_entry(*key) {
                        fields.insert(name, v);
                    }
                }
                // Nothing should be left; if anything is, it is kept, after the rest.
                fields.extend(old);
            }
            for (key, v) in fields.iter_mut() {
                if let Some(below) = keys.get(key) {
                    order(document, below, v);
                }
            }
        }
        Value::List(items) => {
            for item in items {
                order(document, sets, item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn keys_of(v: &Value) -> Vec<String> {
        match v {
            Value::Object(m) => m.keys().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn objects_follow_the_query_through_fragments_and_lists() {
        let doc =
            parse_query("{ z: a ...F b { y x } } fragment F on Query { m: c ... on Query { k } }")
                .unwrap();
        let set = &doc
            .operations
            .iter()
            .next()
            .unwrap()
            .1
            .node
            .selection_set
            .node;
        let mut data = Value::from_json(serde_json::json!({
            "k": 1, "b": [{"x": 1, "y": 2}, {"x": 3, "y": 4}], "m": 2, "z": 3
        }))
        .unwrap();
        in_query_order(&doc, set, &mut data);
        assert_eq!(keys_of(&data), ["z", "m", "k", "b"]);
        let Value::Object(top) = &data else { panic!() };
        let Value::List(rows) = &top["b"] else {
            panic!()
        };
        assert!(rows.iter().all(|r| keys_of(r) == ["y", "x"]));
    }
}
