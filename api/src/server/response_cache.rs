//! The response cache: dashboards send the same queries again and again, and the data changes
//! only when something is written. An answer is kept under the revision of the data (see
//! [`revision`]: triggers add 1 in the transaction of every write, whoever
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
//!
//! Single flight: after a write, every dashboard asks the same questions at once. The first
//! request of a key and revision executes; the identical ones that arrive while it runs wait
//! for its answer instead of executing it again (errors included: they asked the same thing of
//! the same data). If it ends without an answer (its client left), one of them executes.

use crate::access::Caller;
use crate::server::refusal::Refusal;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_poem::GraphQLBatchResponse;
use bytes::Bytes;
use chrono::NaiveDate;
use hashlink::LruCache;
use poem::http::{HeaderMap, StatusCode};
use poem::{Body, IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use thads_domain::Role;
use thads_domain::period::vietnam_today;
use thads_domain::services::revision::revision;
use tokio::sync::watch;

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

/// Where a request's answer goes: the revision read before executing it, and its key; while
/// it lives, the identical requests that come meanwhile wait for its answer.
pub struct Ticket {
    revision: i64,
    key: Key,
    flight: Flight,
}

/// A request being executed, that identical ones wait for (single flight): its answer is sent
/// to them when it is ready. When it ends without one (its client left), they are told so, and
/// one of them executes instead.
struct Flight {
    entries: Arc<Mutex<Entries>>,
    running: (i64, Key),
    answer: watch::Sender<Option<Arc<Answer>>>,
}

impl Drop for Flight {
    fn drop(&mut self) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.running.remove(&self.running);
    }
}

/// What an answer depends on beside the data: who asks, what, and on which day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    view: View,
    query: String,
    operation_name: Option<String>,
    /// The variables as JSON.
    variables: String,
    /// Today in Vietnam: a report not yet arrived turns from pending to overdue at midnight
    /// (`ReportStatus.timeliness`) without any write.
    day: NaiveDate,
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

/// The entries of the newest revision seen, and the requests being executed.
struct Entries {
    revision: Option<i64>,
    answers: LruCache<Key, (Arc<Answer>, usize)>,
    bytes: usize,
    max_entries: usize,
    /// The requests being executed, by revision and key: where their answer will come.
    running: HashMap<(i64, Key), watch::Receiver<Option<Arc<Answer>>>>,
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

    fn insert(&mut self, key: Key, answer: Arc<Answer>) {
        let weight = key.weight(&answer);
        if weight > MAX_BYTES {
            return;
        }
        if let Some((_, replaced)) = self.answers.insert(key, (answer, weight)) {
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
            running: HashMap::new(),
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
        let revision = match revision(db).await {
            Ok(revision) => revision,
            Err(e) => {
                // The request can still be answered; only the cache is out of use.
                tracing::warn!(error = %e, "cannot read the data revision: answering uncached");
                return Lookup::Pass;
            }
        };
        // A request whose identical one was running gets that one's answer; when that one
        // ended without an answer, it looks again (and may run itself). Twice at most.
        for _ in 0..2 {
            let mut waiting = {
                let mut guard = entries.lock().unwrap_or_else(PoisonError::into_inner);
                if guard.at(revision)
                    && let Some((answer, _)) = guard.answers.get(&key)
                {
                    return Lookup::Hit(answer.response());
                }
                let running = (revision, key.clone());
                match guard.running.get(&running) {
                    Some(answer) => answer.clone(),
                    None => {
                        let (answer, waiting) = watch::channel(None);
                        guard.running.insert(running.clone(), waiting);
                        let flight = Flight {
                            entries: Arc::clone(entries),
                            running,
                            answer,
                        };
                        return Lookup::Miss(Ticket {
                            revision,
                            key,
                            flight,
                        });
                    }
                }
            };
            if waiting.changed().await.is_ok()
                && let Some(answer) = waiting.borrow().as_ref()
            {
                return Lookup::Hit(answer.response());
            }
        }
        Lookup::Pass
    }

    /// Gives the answer of an executed request to the identical requests that waited for it,
    /// and keeps it for the next ones when it is `cacheable` (it holds no error), unless a
    /// newer revision has been seen meanwhile.
    pub fn keep(&self, ticket: Ticket, answer: &Answer, cacheable: bool) {
        let answer = Arc::new(Answer {
            status: answer.status,
            headers: answer.headers.clone(),
            body: answer.body.clone(),
        });
        if let Some(entries) = self.0.as_ref().filter(|_| cacheable) {
            let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
            if entries.at(ticket.revision) {
                entries.insert(ticket.key, Arc::clone(&answer));
            }
        }
        ticket.flight.answer.send_replace(Some(answer));
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
        day: vietnam_today(),
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
            day: vietnam_today(),
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
            running: HashMap::new(),
        }
    }

    #[test]
    fn a_newer_revision_drops_every_entry_an_older_one_none() {
        let mut e = entries(4);
        assert!(e.at(3));
        e.insert(key("{a}"), Arc::new(answer(10)));
        assert!(!e.at(2));
        assert_eq!(e.answers.len(), 1);
        assert!(e.at(4));
        assert_eq!((e.answers.len(), e.bytes), (0, 0));
    }

    #[test]
    fn entries_and_bytes_are_bounded_least_recently_used_first() {
        let mut e = entries(2);
        assert!(e.at(1));
        e.insert(key("{a}"), Arc::new(answer(10)));
        e.insert(key("{b}"), Arc::new(answer(10)));
        assert!(e.answers.get(&key("{a}")).is_some());
        e.insert(key("{c}"), Arc::new(answer(10)));
        assert!(e.answers.contains_key(&key("{a}")));
        assert!(!e.answers.contains_key(&key("{b}")));
        e.insert(key("{d}"), Arc::new(answer(MAX_BYTES - 2 * ENTRY_OVERHEAD)));
        assert_eq!(e.answers.len(), 1);
        assert!(e.bytes <= MAX_BYTES);
        e.insert(key("{e}"), Arc::new(answer(MAX_BYTES)));
        assert!(!e.answers.contains_key(&key("{e}")));
        let kept: usize = e.answers.iter().map(|(_, (_, w))| w).sum();
        assert_eq!(kept, e.bytes);
    }

    #[tokio::test]
    async fn an_answer_computed_before_a_write_is_never_served_after_it() {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
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
        cache.keep(ticket, &before, true);
        // … and the next request, which reads the new revision, does not get it.
        let mut batch = request();
        let lookup = cache.lookup(&db, &mut batch, &Caller::Anonymous).await;
        let Lookup::Miss(ticket) = lookup else {
            panic!("the answer from before the write was served");
        };
        let answer = Answer::of(schema.execute_batch(batch).await).await.unwrap();
        cache.keep(ticket, &answer, true);
        let mut batch = request();
        assert!(matches!(
            cache.lookup(&db, &mut batch, &Caller::Anonymous).await,
            Lookup::Hit(_)
        ));
    }

    #[tokio::test]
    async fn identical_requests_wait_for_the_one_running() {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
        let schema = crate::graphql::schema(db.clone());
        let cache = ResponseCache::new(8);
        let request = || BatchRequest::Single(async_graphql::Request::new("{ units { code } }"));
        let Lookup::Miss(ticket) = cache.lookup(&db, &mut request(), &Caller::Anonymous).await
        else {
            panic!("the first request found an answer");
        };
        // Two identical requests arrive while the first runs: they wait…
        let waiting = |cache: ResponseCache, db: DatabaseConnection| async move {
            match cache.lookup(&db, &mut request(), &Caller::Anonymous).await {
                Lookup::Hit(response) => response.into_body().into_string().await.unwrap(),
                _ => panic!("an identical request did not wait for the running one"),
            }
        };
        let b = tokio::spawn(waiting(cache.clone(), db.clone()));
        let c = tokio::spawn(waiting(cache.clone(), db.clone()));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!b.is_finished() && !c.is_finished());
        // … and get its answer, even one not kept (`cacheable` false).
        let answer = Answer::of(schema.execute_batch(request()).await)
            .await
            .unwrap();
        cache.keep(ticket, &answer, false);
        let expected = String::from_utf8(answer.body.to_vec()).unwrap();
        assert_eq!(b.await.unwrap(), expected);
        assert_eq!(c.await.unwrap(), expected);
        // It was not kept: the next request runs.
        assert!(matches!(
            cache.lookup(&db, &mut request(), &Caller::Anonymous).await,
            Lookup::Miss(_)
        ));
    }

    #[tokio::test]
    async fn when_the_running_request_gives_up_a_waiting_one_runs() {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
        let cache = ResponseCache::new(8);
        let request = || BatchRequest::Single(async_graphql::Request::new("{ periods { year } }"));
        let Lookup::Miss(ticket) = cache.lookup(&db, &mut request(), &Caller::Anonymous).await
        else {
            panic!("the first request found an answer");
        };
        let waiting = {
            let (cache, db) = (cache.clone(), db.clone());
            tokio::spawn(async move {
                matches!(
                    cache.lookup(&db, &mut request(), &Caller::Anonymous).await,
                    Lookup::Miss(_)
                )
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // The first request's client left: its ticket is dropped without an answer.
        drop(ticket);
        assert!(waiting.await.unwrap(), "the waiting request did not run");
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
