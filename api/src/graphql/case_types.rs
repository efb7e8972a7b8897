//! Case types: the two groups (on the office's own motion, at a party's request) and their
//! leaves.

use crate::graphql::cache;
use async_graphql::{Context, Object};
use std::sync::Arc;
use thads_domain::services::registry::CaseTree;

/// A case type of the tree.
#[derive(Clone)]
pub struct CaseType {
    dir: Arc<CaseTree>,
    id: i32,
}

impl CaseType {
    fn at(dir: &Arc<CaseTree>, id: i32) -> Self {
        Self {
            dir: Arc::clone(dir),
            id,
        }
    }

    /// The case type with this code from the request's tree, if it has it.
    pub async fn lookup(ctx: &Context<'_>, code: &str) -> async_graphql::Result<Option<Self>> {
        let dir = cache::case_types(ctx).await?;
        Ok(dir.find(code).map(|id| Self::at(&dir, id)))
    }
}

/// A case type: a group (`active`: enforced on the office's own motion, `on_request`: at a
/// party's request) or one of its leaves (criminal, civil, family, …). Figures are reported
/// for the leaves; a group is the sum of its leaves.
#[Object]
impl CaseType {
    /// Stable code, e.g. `active` or `active.civil`.
    async fn code(&self) -> &str {
        self.dir.code(self.id).unwrap_or_default()
    }

    /// Name as on the forms, e.g. "Dân sự".
    async fn name(&self) -> &str {
        self.dir.name(self.id).unwrap_or_default()
    }

    /// The group of a leaf; null for a group.
    async fn parent(&self) -> Option<CaseType> {
        self.dir.parent(self.id).map(|p| CaseType::at(&self.dir, p))
    }

    /// The leaves of a group, in the order of the forms; empty for a leaf.
    async fn children(&self) -> Vec<CaseType> {
        self.dir
            .children(self.id)
            .iter()
            .map(|&c| CaseType::at(&self.dir, c))
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
        Ok(dir.listed().map(|id| CaseType::at(&dir, id)).collect())
    }
}
