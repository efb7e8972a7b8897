//! What one HTTP request may cost the server, and what it has spent so far.
//!
//! [`Limits`] are the server's settings (`thads serve --max-query-cost …`); a [`Budget`] is
//! one HTTP request's account against them, shared by every operation of a batch, so that a
//! batch of sixteen operations gets the budget of one request, not sixteen:
//!
//! - **cost**: before an operation executes, its estimated cost (see [`super::cost`]) is
//!   taken from the budget; an operation that does not fit is refused whole with
//!   `QUERY_TOO_EXPENSIVE`, before any of its work is done;
//! - **bytes**: while it executes, every value resolved adds its size in the answer; past
//!   [`Limits::max_response_bytes`] the execution stops with `RESPONSE_TOO_LARGE` (and the
//!   answer, once serialised, is measured again exactly).
//!
//! The deadline ([`Limits::timeout`]) is kept by the server around the execution: see
//! `server::endpoint`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// The cost one request may have unless configured otherwise: four times what the largest
/// dashboard query of the benchmarks costs on the national database (the year series of every
/// province, about 25 000), and enough for GraphiQL's introspection. Memory follows the cost:
/// async-graphql holds the resolution of every row of a list at once, about 2 KB a value, so a
/// request that spends it all (six series of the sample province by office and case type with
/// the year before) peaked at about 200 MB of a release build's resident memory.
pub const MAX_QUERY_COST: u64 = 100_000;
/// The largest answer, in bytes, unless configured otherwise.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;
/// How long a request's GraphQL execution may take unless configured otherwise.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(20);
/// The most operations one batch may hold unless configured otherwise.
pub const MAX_BATCH: usize = 16;

/// The limits of one HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most estimated cost, all operations of the request together.
    pub max_cost: u64,
    /// The largest answer in bytes, all operations together.
    pub max_response_bytes: usize,
    /// How long the execution may take; then its work is dropped.
    pub timeout: Duration,
    /// The most operations in a batch.
    pub max_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_cost: MAX_QUERY_COST,
            max_response_bytes: MAX_RESPONSE_BYTES,
            timeout: QUERY_TIMEOUT,
            max_batch: MAX_BATCH,
        }
    }
}

/// Why an operation may not run, or stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overrun {
    /// Its estimated cost does not fit what is left of the request's budget.
    Cost {
        /// The operation's estimate.
        estimated: u64,
        /// What the operations before it in the batch took.
        spent: u64,
        /// The limit.
        max: u64,
    },
    /// The answer grew past the limit.
    Bytes {
        /// The limit.
        max: usize,
    },
}

/// One HTTP request's account; shared (behind an `Arc`) by the operations of a batch.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    cost: AtomicU64,
    bytes: AtomicUsize,
    too_large: AtomicBool,
}

impl Budget {
    /// A fresh account against `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            cost: AtomicU64::new(0),
            bytes: AtomicUsize::new(0),
            too_large: AtomicBool::new(false),
        }
    }

    /// The limits it counts against.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Takes an operation's estimated cost, or says why it may not run (then nothing is
    /// taken).
    pub fn admit(&self, estimated: u64) -> Result<(), Overrun> {
        let max = self.limits.max_cost;
        self.cost
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |spent| {
                spent.checked_add(estimated).filter(|&total| total <= max)
            })
            .map(drop)
            .map_err(|spent| Overrun::Cost {
                estimated,
                spent,
                max,
            })
    }

    /// Adds `bytes` to the answer, or [`Overrun::Bytes`] once it is past the limit (and from
    /// then on).
    pub fn spend_bytes(&self, bytes: usize) -> Result<(), Overrun> {
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if total > self.limits.max_response_bytes {
            self.too_large.store(true, Ordering::Relaxed);
        }
        if self.too_large.load(Ordering::Relaxed) {
            return Err(Overrun::Bytes {
                max: self.limits.max_response_bytes,
            });
        }
        Ok(())
    }

    /// Whether the answer went past the limit while it was being built.
    pub fn too_large(&self) -> bool {
        self.too_large.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(max_cost: u64, max_response_bytes: usize) -> Budget {
        Budget::new(Limits {
            max_cost,
            max_response_bytes,
            ..Limits::default()
        })
    }

    #[test]
    fn the_operations_of_a_request_share_one_cost_budget() {
        let b = budget(100, 1000);
        assert_eq!(b.admit(60), Ok(()));
        assert_eq!(
            b.admit(50),
            Err(Overrun::Cost {
                estimated: 50,
                spent: 60,
                max: 100
            })
        );
        assert_eq!(b.admit(40), Ok(()));
        assert!(b.admit(1).is_err());
    }

    #[test]
    fn bytes_past_the_limit_stay_past_it() {
        let b = budget(100, 10);
        assert_eq!(b.spend_bytes(10), Ok(()));
        assert!(!b.too_large());
        assert_eq!(b.spend_bytes(1), Err(Overrun::Bytes { max: 10 }));
        assert_eq!(b.spend_bytes(0), Err(Overrun::Bytes { max: 10 }));
        assert!(b.too_large());
    }
}
