//! The per-request cache of the unit registry and the case-type tree: each is read from the
//! database at most once per request, however many units or case types the answer names, and
//! the statistics services get the same trees instead of reading their own.

use crate::graphql::errors::OrGql;
use async_graphql::Context;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use thads_domain::services::stats::{CaseTree, UnitTree};
use tokio::sync::OnceCell;

/// What one request has read so far; added to every request by the request extension.
#[derive(Default)]
pub struct RequestCache {
    units: OnceCell<Arc<UnitTree>>,
    case_types: OnceCell<Arc<CaseTree>>,
}

/// The database connection of the schema.
pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|e| crate::graphql::errors::internal(&e.message))
}

/// Every unit, read once per request.
pub async fn units(ctx: &Context<'_>) -> async_graphql::Result<Arc<UnitTree>> {
    let load = || async { Ok(Arc::new(UnitTree::load(db(ctx)?).await.or_gql()?)) };
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.units.get_or_try_init(load).await.cloned(),
        None => load().await,
    }
}

/// Every case type, read once per request.
pub async fn case_types(ctx: &Context<'_>) -> async_graphql::Result<Arc<CaseTree>> {
    let load = || async { Ok(Arc::new(CaseTree::load(db(ctx)?).await.or_gql()?)) };
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.case_types.get_or_try_init(load).await.cloned(),
        None => load().await,
    }
}
