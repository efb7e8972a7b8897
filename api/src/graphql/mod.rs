//! The GraphQL API: types that wrap the domain's, and resolvers of a few lines that each call
//! one domain service.
//!
//! - [`schema`]: the root `Query`, merged from one object per area, with its limits.
//! - [`units`], [`case_types`], [`period`]: the registry, the case-type tree, the periods.
//! - [`stats`] and [`outcome`]: `stats` and `series`, and the figures of a measure.
//! - [`completeness`], [`imports`]: who has reported; the import history.
//! - [`scalars`]: `Money`, `Count`, `Date`. [`errors`]: the error codes clients see.
//! - `cache` and `extension`: the per-request cache of units and case types, and the codes of
//!   errors found before execution.

mod cache;
pub mod case_types;
pub mod completeness;
pub mod errors;
mod extension;
pub mod imports;
pub mod outcome;
pub mod period;
pub mod scalars;
pub mod schema;
pub mod stats;
pub mod units;

pub use schema::{AppSchema, MAX_COMPLEXITY, MAX_DEPTH, Query, schema, sdl};
