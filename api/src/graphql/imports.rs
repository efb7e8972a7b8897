//! The import history: every file received, how it ended and every problem found in it.

use crate::access::Caller;
use crate::graphql::cache::db;
use crate::graphql::caller::caller;
use crate::graphql::errors::{OrGql, bad_input};
use crate::graphql::period::Period;
pub use crate::graphql::problems::Problem;
use crate::graphql::scalars::{Count, DateTime};
use crate::graphql::units::Unit;
use async_graphql::{Context, Enum, Object, SimpleObject};
use thads_domain::services::imports as service;
use thads_domain::stats::{self as domain, ImportQuery as DomainImportQuery};

/// The `limit` of `imports` when none is given.
pub const DEFAULT_IMPORTS: i32 = 50;
/// The largest `limit` of `imports`.
pub const MAX_IMPORTS: i32 = 500;

/// What an import did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::ImportStatus")]
pub enum ImportStatus {
    /// Stored; no report of that office, period and form was there before.
    Imported,
    /// Stored as current; the earlier report stays as history.
    Replaced,
    /// The same content was already current: nothing changed.
    Unchanged,
    /// Refused for errors: nothing but the import record was stored.
    Rejected,
}

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::Role")]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads; imports its own office's reports.
    Office,
    /// Reads; imports any office's reports; manages the registry and targets.
    Admin,
}

/// The token that sent a file, as it was when the file arrived.
#[derive(Debug, Clone, SimpleObject)]
pub struct Sender {
    /// The token's id (as `thads tokens list` shows it).
    pub token_id: i32,
    /// The token's name: who holds it.
    pub name: String,
    /// The token's role.
    pub role: Role,
}

/// One file received.
pub struct Import(domain::ImportRecord);

/// One file received and what became of it.
#[Object]
impl Import {
    /// Its id.
    async fn id(&self) -> i32 {
        self.0.id
    }

    /// The file's own name, without any folder, e.g. `tantru-2020-09.xlsx`.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }

    /// The path the file was read from, as given to `thads import` (e.g.
    /// `/srv/nhan/2020/tantru-2020-09.xlsx`), for the administrator's audit: null for every
    /// other caller, and for files uploaded over the network, which have no folder.
    async fn path(&self, ctx: &Context<'_>) -> Option<&str> {
        let admin = caller(ctx).admin().is_ok();
        self.0.path.as_deref().filter(|_| admin)
    }

    /// Its size in bytes.
    async fn file_size(&self) -> Count {
        Count(self.0.file_size)
    }

    /// SHA-256 of its bytes, in hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }

    /// When it was received (RFC 3339, UTC).
    async fn received_at(&self) -> DateTime {
        DateTime(self.0.received_at)
    }

    /// Who sent it, in words: `cli:USER` from the command line, `token:NAME` over the network;
    /// null for anonymous readers.
    async fn source(&self, ctx: &Context<'_>) -> Option<&str> {
        named_to(ctx).then_some(self.0.source.as_str())
    }

    /// The token that sent it; null for files imported from the command line, and for
    /// anonymous readers.
    async fn sent_by(&self, ctx: &Context<'_>) -> Option<Sender> {
        if !named_to(ctx) {
            return None;
        }
        self.0.sender.as_ref().map(|s| Sender {
            token_id: s.token_id,
            name: s.name.clone(),
            role: s.role.into(),
        })
    }

    /// How it ended.
    async fn status(&self) -> ImportStatus {
        self.0.status.into()
    }

    /// The office recognised, if any.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup_opt(ctx, self.0.unit.as_deref()).await
    }

    /// The period recognised, if any.
    async fn period(&self) -> Option<Period> {
        self.0.period.map(Period)
    }

    /// Every error and warning, in the order found.
    async fn problems(&self) -> Vec<Problem> {
        Problem::list(&self.0.problems)
    }
}

/// Whether the caller may see who sent files: anyone with a token (an office's sees only its
/// own office's imports anyway), never an anonymous reader.
fn named_to(ctx: &Context<'_>) -> bool {
    *caller(ctx) != Caller::Anonymous
}

/// A page of the import history.
pub struct ImportPage(domain::ImportPage);

/// A page of the import history, newest first.
#[Object]
impl ImportPage {
    /// How many imports match, in all pages.
    async fn total(&self) -> Count {
        Count(i64::try_from(self.0.total).unwrap_or(i64::MAX))
    }

    /// This page, newest first.
    async fn items(&self) -> Vec<Import> {
        self.0.items.iter().cloned().map(Import).collect()
    }
}

/// A non-negative paging argument, or `BAD_USER_INPUT`.
fn paging(name: &str, value: i32, max: Option<i32>) -> async_graphql::Result<u64> {
    if value < 0 {
        return Err(bad_input(format!(
            "{name} must not be negative, found {value}"
        )));
    }
    if let Some(max) = max.filter(|&m| value > m) {
        return Err(bad_input(format!(
            "{name} must be at most {max}, found {value}"
        )));
    }
    Ok(u64::from(value.unsigned_abs()))
}

/// The import-history query.
#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// The files received, newest first, a page at a time. An office's token sees only its
    /// office's files and those its office's tokens sent.
    #[graphql(complexity = "50 + child_complexity")]
    async fn imports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only files of the offices of this unit's subtree.")] unit: Option<String>,
        #[graphql(desc = "Only files that ended this way.")] status: Option<ImportStatus>,
        #[graphql(desc = "At most this many (0 to 500).", default = 50)] limit: Option<i32>,
        #[graphql(desc = "Skipping this many of the newest.", default = 0)] offset: Option<i32>,
    ) -> async_graphql::Result<ImportPage> {
        let query = DomainImportQuery {
            unit,
            status: status.map(Into::into),
            office: caller(ctx).office().map(str::to_owned),
            limit: paging("limit", limit.unwrap_or(DEFAULT_IMPORTS), Some(MAX_IMPORTS))?,
            offset: paging("offset", offset.unwrap_or(0), None)?,
        };
        let page = service::list_imports(db(ctx)?, &query).await.or_gql()?;
        Ok(ImportPage(page))
    }
}
