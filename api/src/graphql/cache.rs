//! The per-request cache of the unit registry and the case-type tree: each is read from the
//! database at most once per request, however many units or case types the answer names.

use crate::graphql::errors::OrGql;
use async_graphql::Context;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::Arc;
use thads_domain::UnitRecord;
use thads_domain::services::{catalog, registry};
use thads_domain::stats::CaseTypeRecord;
use tokio::sync::OnceCell;

/// What one request has read so far; added to every request by the request extension.
#[derive(Default)]
pub struct RequestCache {
    units: OnceCell<Arc<UnitDirectory>>,
    case_types: OnceCell<Arc<CaseTypeDirectory>>,
}

/// The database connection of the schema.
pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|e| crate::graphql::errors::internal(&e.message))
}

/// Every unit, read once per request.
pub async fn units(ctx: &Context<'_>) -> async_graphql::Result<Arc<UnitDirectory>> {
    let load = || async {
        let records = registry::load_units(db(ctx)?).await.or_gql()?;
        Ok::<_, async_graphql::Error>(Arc::new(UnitDirectory::new(records)))
    };
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.units.get_or_try_init(load).await.cloned(),
        None => load().await,
    }
}

/// Every case type, read once per request.
pub async fn case_types(ctx: &Context<'_>) -> async_graphql::Result<Arc<CaseTypeDirectory>> {
    let load = || async {
        let records = catalog::case_types(db(ctx)?).await.or_gql()?;
        Ok::<_, async_graphql::Error>(Arc::new(CaseTypeDirectory::new(records)))
    };
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.case_types.get_or_try_init(load).await.cloned(),
        None => load().await,
    }
}

/// A tree of records with a code and an optional parent code, indexed both ways.
#[derive(Debug)]
pub struct Tree<R> {
    records: Vec<R>,
    by_code: HashMap<String, usize>,
    children: HashMap<String, Vec<usize>>,
}

/// Records that sit in a [`Tree`].
pub trait Node {
    /// The record's code.
    fn code(&self) -> &str;
    /// Its parent's code.
    fn parent(&self) -> Option<&str>;
}

impl Node for UnitRecord {
    fn code(&self) -> &str {
        &self.code
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
}

impl Node for CaseTypeRecord {
    fn code(&self) -> &str {
        &self.code
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
}

impl<R: Node> Tree<R> {
    /// Indexes records given in display order; children keep that order.
    pub fn new(records: Vec<R>) -> Self {
        let mut by_code = HashMap::with_capacity(records.len());
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            by_code.insert(r.code().to_owned(), i);
            if let Some(parent) = r.parent() {
                children.entry(parent.to_owned()).or_default().push(i);
            }
        }
        Self {
            records,
            by_code,
            children,
        }
    }

    /// The index of a code.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The record at an index.
    pub fn get(&self, index: usize) -> Option<&R> {
        self.records.get(index)
    }

    /// The index of a record's parent.
    pub fn parent_of(&self, index: usize) -> Option<usize> {
        self.find(self.get(index)?.parent()?)
    }

    /// The indexes of a record's children.
    pub fn children_of(&self, index: usize) -> &[usize] {
        self.get(index)
            .and_then(|r| self.children.get(r.code()))
            .map_or(&[], Vec::as_slice)
    }

    /// Every record with its index, in display order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &R)> {
        self.records.iter().enumerate()
    }
}

/// The unit registry of one request.
pub type UnitDirectory = Tree<UnitRecord>;

/// The case-type tree of one request.
pub type CaseTypeDirectory = Tree<CaseTypeRecord>;
