//! How the server runs: who may read, how long a request may take, and how many answers it
//! keeps in its response cache.

use crate::access::ReadPolicy;
use crate::graphql::limits::Limits;
use crate::server::RESPONSE_CACHE_ENTRIES;
use std::time::Duration;

/// How long a request may take, reading its body included, unless configured otherwise.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// Whether anonymous callers may read (`serve --public-read`, `--demo`).
    pub reads: ReadPolicy,
    /// How long a request may take before it is answered 408 and dropped; a workbook being
    /// stored then is rolled back, the files stored before it stay.
    pub request_timeout: Duration,
    /// How many answers the response cache keeps (see [`super::response_cache`]); 0 turns it
    /// off.
    pub response_cache_entries: usize,
    /// What one request may cost: its estimated cost, the size of its answer, how long its
    /// execution may take and how many operations a batch may hold.
    pub limits: Limits,
    /// How long a body carrying files may take to arrive, beside a second per
    /// [`super::BODY_RATE`] bytes it declares; then it is answered 408 and its slot freed.
    pub body_grace: Duration,
}

impl Default for ServerConfig {
    /// Reads need a token; requests may take [`REQUEST_TIMEOUT`]; the response cache keeps
    /// [`RESPONSE_CACHE_ENTRIES`] answers.
    fn default() -> Self {
        Self {
            reads: ReadPolicy::CLOSED,
            request_timeout: REQUEST_TIMEOUT,
            response_cache_entries: RESPONSE_CACHE_ENTRIES,
            limits: Limits::default(),
            body_grace: super::BODY_GRACE,
        }
    }
}

impl ServerConfig {
    /// The default, with anonymous reads allowed.
    pub fn public_read() -> Self {
        Self {
            reads: ReadPolicy::PUBLIC,
            ..Self::default()
        }
    }
}
