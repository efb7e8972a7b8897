//! The per-request cache of the unit registry and the case-type tree: each is read from the
//! database at most once per request, however many units or case types the answer names, and
//! the statistics services get the same trees instead of reading their own. The approvals of
//! a year, which `StatsRow.approved` answers from, are read the same way: once per request and
//! year, and only when a row's `approved` is asked for.

use crate::graphql::errors::OrGql;
use async_graphql::Context;
use sea_orm::{DatabaseConnection, DbErr};
use std::collections::HashMap;
use std::sync::Arc;
use thads_domain::services::approvals::Locks;
use thads_domain::services::registry::{CaseTree, UnitTree};
use tokio::sync::{Mutex, OnceCell};

/// What one request has read so far; added to every request by the request extension.
#[derive(Default)]
pub struct RequestCache {
    units: OnceCell<Arc<UnitTree>>,
    case_types: OnceCell<Arc<CaseTree>>,
    /// The approvals by year. A lock held while one is read, so that the rows of a list,
    /// resolved concurrently, read it once.
    locks: Mutex<HashMap<i32, Arc<Locks>>>,
}

impl RequestCache {
    /// Every unit, read at most once.
    pub async fn units(&self, db: &DatabaseConnection) -> Result<Arc<UnitTree>, DbErr> {
        self.units
            .get_or_try_init(|| async { Ok(Arc::new(UnitTree::load(db).await?)) })
            .await
            .cloned()
    }

    /// Every case type, read at most once.
    pub async fn case_types(&self, db: &DatabaseConnection) -> Result<Arc<CaseTree>, DbErr> {
        self.case_types
            .get_or_try_init(|| async { Ok(Arc::new(CaseTree::load(db).await?)) })
            .await
            .cloned()
    }
}

impl RequestCache {
    /// The approvals of a year, read at most once.
    pub async fn locks(&self, db: &DatabaseConnection, year: i32) -> Result<Arc<Locks>, DbErr> {
        let mut years = self.locks.lock().await;
        if let Some(found) = years.get(&year) {
            return Ok(Arc::clone(found));
        }
        let locks = Arc::new(Locks::load(db, &[year]).await?);
        years.insert(year, Arc::clone(&locks));
        Ok(locks)
    }
}

/// The database connection of the schema.
pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|e| crate::graphql::errors::internal(&e.message))
}

/// Every unit, read once per request.
pub async fn units(ctx: &Context<'_>) -> async_graphql::Result<Arc<UnitTree>> {
    let db = db(ctx)?;
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.units(db).await.or_gql(),
        None => Ok(Arc::new(UnitTree::load(db).await.or_gql()?)),
    }
}

/// Every case type, read once per request.
pub async fn case_types(ctx: &Context<'_>) -> async_graphql::Result<Arc<CaseTree>> {
    let db = db(ctx)?;
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.case_types(db).await.or_gql(),
        None => Ok(Arc::new(CaseTree::load(db).await.or_gql()?)),
    }
}

/// The approvals of a year, read once per request.
pub async fn locks(ctx: &Context<'_>, year: i32) -> async_graphql::Result<Arc<Locks>> {
    let db = db(ctx)?;
    match ctx.data_opt::<RequestCache>() {
        Some(cache) => cache.locks(db, year).await.or_gql(),
        None => Ok(Arc::new(Locks::load(db, &[year]).await.or_gql()?)),
    }
}
