//! Case types: the two groups (on the office's own motion, at a party's request) and their
//! leaves.

use crate::graphql::cache::{self, CaseTypeDirectory};
use async_graphql::{Context, Object};
use std::sync::Arc;
use thads_domain::stats::CaseTypeRecord;

/// A case type of the tree.
#[derive(Clone)]
pub struct CaseType {
    dir: Arc<CaseTypeDirectory>,
    index: usize,
}

impl CaseType {
    fn at(dir: &Arc<CaseTypeDirectory>, index: usize) -> Self {
        Self {
            dir: Arc::clone(dir),
            index,
        }
    }

    /// The case type with this code from the request's tree, if it has it.
    pub async fn lookup(ctx: &Context<'_>, code: &str) -> async_graphql::Result<Option<Self>> {
        let dir = cache::case_types(ctx).await?;
        Ok(dir.find(code).map(|i| Self::at(&dir, i)))
    }

    fn record(&self) -> Option<&CaseTypeRecord> {
        self.dir.get(self.index)
    }
}

/// A case type: a group (`active`: enforced on the office's own motion, `on_request`: at a
/// party's request) or one of its leaves (criminal, civil, family, …). Figures are reported
/// for the leaves; a group is the sum of its leaves.
#[Object]
impl CaseType {
    /// Stable code, e.g. `active` or `active.civil`.
    async fn code(&self) -> &str {
        self.record().map_or("", |r| r.code.as_str())
    }

    /// Name as on the forms, e.g. "Dân sự".
    async fn name(&self) -> &str {
        self.record().map_or("", |r| r.name.as_str())
    }

    /// The group of a leaf; null for a group.
    async fn parent(&self) -> Option<CaseType> {
        self.dir
            .parent_of(self.index)
            .map(|i| CaseType::at(&self.dir, i))
    }

    /// The leaves of a group, in the order of the forms; empty for a leaf.
    async fn children(&self) -> Vec<CaseType> {
        self.dir
            .children_of(self.index)
            .iter()
            .map(|&i| CaseType::at(&self.dir, i))
            .collect()
    }
}

/// The queries of the case-type tree.
#[derive(Default)]
pub struct CaseTypeQuery;

#[Object]
impl CaseTypeQuery {
    /// Every case type in the order of the forms: each group followed by its leaves.
    async fn case_types(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseType>> {
        let dir = cache::case_types(ctx).await?;
        Ok(dir.iter().map(|(i, _)| CaseType::at(&dir, i)).collect())
    }
}
