//! The response cache: dashboards send the same queries again and again, and the data changes
//! only when something is written. An answer is kept under the revision of the data (see
//! [`thads_migration::revision`]: triggers add 1 in the transaction of every write, whoever
//! writes: this server, another instance, `thads import` or `thads units import`), the
//! caller's view and the request itself; a request is answered from it when the revision it
//! reads before executing is the one the answer was kept under.
//!
//! What is cached: a single GraphQL request, not a batch, every operation of which is a
//! query, sent without files and without request extensions, whose answer holds no error.
//! Mutations, GraphQL multipart requests (uploads) and batches always execute. The key holds
//! what the access rules make an answer depend on (the caller's role, and an office token's
//! office); callers who may not read at all were refused before (see `auth`).
//!
//! Why an answer is never stale: the revision is read *before* executing, and the answer is
//! kept under that revision. Every statement of the execution starts after that read, so it
//! sees the data of that revision or newer (each write commits its data and its new revision
//! together, and a later statement never sees less than an earlier one committed). An answer
//! kept under revision `r` is therefore computed from data at least as new as `r`: either the
//! data of `r` itself, or, when a write committed during the execution, newer data — and then
//! the revision is already past `r`, so every later request reads the newer revision and never
//! finds that answer. Keying by a revision read *after* executing would be wrong: a write
//! committing between the execution's reads and that revision read would file the old answer
//! under the new revision, for good. (The argument needs the revision read from the database
//! that answers: a server reading from replicas would have to read it from each replica.)
//!
//! Memory is bounded by a number of entries and by [`MAX_BYTES`] of keys and bodies; the
//! least recently used entries go first, and all of them go when a newer revision is seen.

use crate::access::Caller;
use crate::server::refusal::Refusal;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_poem::GraphQLBatchResponse;
use bytes::Bytes;
use hashlink::LruCache;
use poem::http::{HeaderMap, StatusCode};
use poem::{Body, IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::sync::{Arc, Mutex, PoisonError};
use thads_domain::Role;

/// The entries kept unless configured otherwise (`serve --response-cache-entries`).
pub const DEFAULT_ENTRIES: usize = 1024;

/// The most bytes of keys and answers kept, whatever the number of entries.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// What an entry costs beside its key and body: its headers and bookkeeping, roughly.
const ENTRY_OVERHEAD: usize = 256;

/// The response cache of a server, shared by its requests (a cheap handle); off when made
/// with no entries.
#[derive(Clone, Default)]
pub struct ResponseCache(Option<Arc<Mutex<Entries>>>);

/// What a request finds in the cache.
pub enum Lookup {
    /// The answer kept for it.
    Hit(Response),
    /// Nothing yet: execute, and give the answer to [`ResponseCache::keep`] with this ticket.
    Miss(Ticket),
    /// The request is not cached (see the module documentation): execute it.
    Pass,
}

/// Where a request's answer goes: the revision read before executing it, and its key.
pub struct Ticket {
    revision: i64,
    key: Key,
}

/// What an answer depends on beside the data: who asks, and what.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    view: View,
    query: String,
    operation_name: Option<String>,
    /// The variables as JSON.
    variables: String,
}

/// What the rules of [`crate::access`] let a caller read: reading depends on the role, and an
/// office sees only its own office's import history. The token itself (its id, its name)
/// changes no answer, so that the dashboards of one role share their entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct View {
    role: Option<Role>,
    office: Option<String>,
}

impl View {
    fn of(caller: &Caller) -> Self {
        match caller {
            Caller::Anonymous => Self {
                role: None,
                office: None,
            },
            Caller::Token(token) => Self {
                role: Some(token.role),
                office: caller.office().map(str::to_owned),
            },
        }
    }
}

impl Key {
    /// What the key and its answer cost in memory.
    fn weight(&self, answer: &Answer) -> usize {
        self.query.len()
            + self.variables.len()
            + self.operation_name.as_ref().map_or(0, String::len)
            + answer.body.len()
            + ENTRY_OVERHEAD
    }
}

/// An answer serialised, as it is sent (and kept).
pub struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    /// The answer of an executed request, serialised.
    pub async fn of(executed: BatchResponse) -> Result<Self, Refusal> {
        let (parts, body) = GraphQLBatchResponse(executed).into_response().into_parts();
        // The body is the serialised answer, already in memory: this cannot fail in practice.
        let body = body.into_bytes().await.map_err(|e| Refusal::internal(&e))?;
        Ok(Self {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// Its size in bytes.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// The response that sends it.
    pub fn response(&self) -> Response {
        let mut response = Response::default();
        response.set_status(self.status);
        *response.headers_mut() = self.headers.clone();
        response.set_body(Body::from_bytes(self.body.clone()));
        response
    }
}

/// The entries of the newest revision seen.
struct Entries {
    revision: Option<i64>,
    answers: LruCache<Key, (Arc<Answer>, usize)>,
    bytes: usize,
    max_entries: usize,
}

impl Entries {
    /// Whether `revision` is the newest seen; a newer one drops every entry. An older one
    /// (a request that read the revision before another's write) keeps them.
    fn at(&mut self, revision: i64) -> bool {
        if self.revision.is_none_or(|seen| seen < revision) {
            self.revision = Some(revision);
            self.answers.clear();
            self.bytes = 0;
        }
        self.revision == Some(revision)
    }

    fn insert(&mut self, key: Key, answer: Answer) {
        let weight = key.weight(&answer);
        if weight > MAX_BYTES {
            return;
        }
        if let Some((_, replaced)) = self.answers.insert(key, (Arc::new(answer), weight)) {
            self.bytes -= replaced;
        }
        self.bytes += weight;
        while self.answers.len() > self.max_entries || self.bytes > MAX_BYTES {
            match self.answers.remove_lru() {
                Some((_, (_, dropped))) => self.bytes -= dropped,
                None => break,
            }
        }
    }
}

impl ResponseCache {
    /// A cache of at most `entries` answers (and [`MAX_BYTES`]); 0 turns it off.
    pub fn new(entries: usize) -> Self {
        if entries == 0 {
            return Self(None);
        }
        Self(Some(Arc::new(Mutex::new(Entries {
            revision: None,
            // Grows as entries come; the bound is enforced on insert.
            answers: LruCache::new_unbounded(),
            bytes: 0,
            max_entries: entries,
        }))))
    }

    /// Reads the revision and looks the request up. `batch` must carry no files; its query is
    /// parsed here once, and the schema uses that parse.
    pub async fn lookup(
        &self,
        db: &DatabaseConnection,
        batch: &mut BatchRequest,
        caller: &Caller,
    ) -> Lookup {
        let Some(entries) = &self.0 else {
            return Lookup::Pass;
        };
        let Some(key) = key(batch, caller) else {
            return Lookup::Pass;
        };
        let revision = match thads_migration::revision(db).await {
            Ok(revision) => revision,
            Err(e) => {
                // The request can still be answered; only the cache is out of use.
                tracing::warn!(error = %e, "cannot read the data revision: answering uncached");
                return Lookup::Pass;
            }
        };
        let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.at(revision)
            && let Some((answer, _)) = entries.answers.get(&key)
        {
            return Lookup::Hit(answer.response());
        }
        Lookup::Miss(Ticket { revision, key })
    }

    /// Keeps the answer of an executed request (one without errors) for the next ones, unless
    /// a newer revision has been seen meanwhile.
    pub fn keep(&self, ticket: Ticket, answer: &Answer) {
        let Some(entries) = &self.0 else {
            return;
        };
        let answer = Answer {
            status: answer.status,
            headers: answer.headers.clone(),
            body: answer.body.clone(),
        };
        let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.at(ticket.revision) {
            entries.insert(ticket.key, answer);
        }
    }
}

/// The key of a request that may be cached: a single request of queries only, without files
/// or extensions, that parses.
fn key(batch: &mut BatchRequest, caller: &Caller) -> Option<Key> {
    let BatchRequest::Single(request) = batch else {
        return None;
    };
    if !request.uploads.is_empty() || !request.extensions.is_empty() {
        return None;
    }
    let document = request.parsed_query().ok()?;
    if document
        .operations
        .iter()
        .any(|(_, operation)| operation.node.ty != OperationType::Query)
    {
        return None;
    }
    Some(Key {
        view: View::of(caller),
        query: request.query.clone(),
        operation_name: request.operation_name.clone(),
        variables: serde_json::to_string(&request.variables).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use thads_domain::services::registry::import_units_csv;

    fn key(query: &str) -> Key {
        Key {
            view: View::of(&Caller::Anonymous),
            query: query.to_owned(),
            operation_name: None,
            variables: "{}".to_owned(),
        }
    }

    fn answer(bytes: usize) -> Answer {
        Answer {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b' '; bytes]),
        }
    }

    fn entries(max_entries: usize) -> Entries {
        Entries {
            revision: None,
            answers: LruCache::new_unbounded(),
            bytes: 0,
            max_entries,
        }
    }

    #[test]
    fn a_newer_revision_drops_every_entry_an_older_one_none() {
        let mut e = entries(4);
        assert!(e.at(3));
        e.insert(key("{a}"), answer(10));
        assert!(!e.at(2));
        assert_eq!(e.answers.len(), 1);
        assert!(e.at(4));
        assert_eq!((e.answers.len(), e.bytes), (0, 0));
    }

    #[test]
    fn entries_and_bytes_are_bounded_least_recently_used_first() {
        let mut e = entries(2);
        assert!(e.at(1));
        e.insert(key("{a}"), answer(10));
        e.insert(key("{b}"), answer(10));
        assert!(e.answers.get(&key("{a}")).is_some());
        e.insert(key("{c}"), answer(10));
        assert!(e.answers.contains_key(&key("{a}")));
        assert!(!e.answers.contains_key(&key("{b}")));
        e.insert(key("{d}"), answer(MAX_BYTES - 2 * ENTRY_OVERHEAD));
        assert_eq!(e.answers.len(), 1);
        assert!(e.bytes <= MAX_BYTES);
        e.insert(key("{e}"), answer(MAX_BYTES));
        assert!(!e.answers.contains_key(&key("{e}")));
        let kept: usize = e.answers.iter().map(|(_, (_, w))| w).sum();
        assert_eq!(kept, e.bytes);
    }

    #[tokio::test]
    async fn an_answer_computed_before_a_write_is_never_served_after_it() {
        let db = thads_migration::connect("sqlite::memory:").await.unwrap();
        let schema = crate::graphql::schema(db.clone());
        let cache = ResponseCache::new(8);
        let request = || BatchRequest::Single(async_graphql::Request::new("{ units { code } }"));
        // A request reads the revision and executes…
        let mut batch = request();
        let Lookup::Miss(ticket) = cache.lookup(&db, &mut batch, &Caller::Anonymous).await else {
            panic!("a first request found an answer");
        };
        let before = Answer::of(schema.execute_batch(batch).await).await.unwrap();
        // … a write commits before its answer is kept…
        let units = "code,name,parent,level,aliases\nVN,Cả nước,,nation,\n";
        import_units_csv(&db, units.as_bytes()).await.unwrap();
        cache.keep(ticket, &before);
        // … and the next request, which reads the new revision, does not get it.
        let mut batch = request();
        let lookup = cache.lookup(&db, &mut batch, &Caller::Anonymous).await;
        let Lookup::Miss(ticket) = lookup else {
            panic!("the answer from before the write was served");
        };
        let answer = Answer::of(schema.execute_batch(batch).await).await.unwrap();
        cache.keep(ticket, &answer);
        let mut batch = request();
        assert!(matches!(
            cache.lookup(&db, &mut batch, &Caller::Anonymous).await,
            Lookup::Hit(_)
        ));
    }

    #[test]
    fn only_single_queries_are_keyed() {
        let single = |q: &str| BatchRequest::Single(async_graphql::Request::new(q));
        assert!(super::key(&mut single("{ periods { year } }"), &Caller::Anonymous).is_some());
        assert!(
            super::key(
                &mut single("query Q { periods { year } }"),
                &Caller::Anonymous
            )
            .is_some()
        );
        assert!(super::key(&mut single("mutation { x }"), &Caller::Anonymous).is_none());
        assert!(
            super::key(
                &mut single("query Q { a } mutation M { b }"),
                &Caller::Anonymous
            )
            .is_none()
        );
        assert!(super::key(&mut single("{ not closed"), &Caller::Anonymous).is_none());
        let mut batch = BatchRequest::Batch(vec![async_graphql::Request::new("{ a }")]);
        assert!(super::key(&mut batch, &Caller::Anonymous).is_none());
    }
}
