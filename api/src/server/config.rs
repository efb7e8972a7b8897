//! How the server runs: who may read, and how long a request may take.

use crate::access::ReadPolicy;
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
}

impl Default for ServerConfig {
    /// Reads need a token; requests may take [`REQUEST_TIMEOUT`].
    fn default() -> Self {
        Self {
            reads: ReadPolicy::CLOSED,
            request_timeout: REQUEST_TIMEOUT,
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
