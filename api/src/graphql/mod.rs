//! The GraphQL API: types that wrap the domain's, and resolvers of a few lines that each call
//! one domain service.
//!
//! - [`schema`]: the roots `Query` and `Mutation`, merged from one object per area, with
//!   their limits and the read policy.
//! - [`units`], [`case_types`], [`period`]: the registry, the case-type tree, the periods.
//! - [`stats`] and [`outcome`]: `stats` and `series`, and the figures of a measure.
//! - [`completeness`], [`imports`]: who has reported; the import history.
//! - [`uploads`], [`registry`]: the mutations: workbooks sent by offices; units and targets.
//! - [`approvals`]: the monthly cycle: periods approved (locked) and reopened, and their history.
//! - [`scalars`]: `Money`, `Count`, `Date`. [`errors`]: the error codes clients see.
//! - [`limits`] and [`cost`]: what one request may cost, and the estimate of an operation.
//! - `cache`, `caller`, `extension` and `field_order`: the per-request cache of units and
//!   case types, who sends the request, the read check, the request's budget, the codes of
//!   errors found before execution, and the answer in the query's order.

pub mod approvals;
mod cache;
mod caller;
pub mod case_types;
pub mod completeness;
pub mod cost;
pub mod errors;
mod extension;
mod field_order;
pub mod imports;
pub mod limits;
pub mod outcome;
pub mod period;
pub mod problems;
pub mod registry;
pub mod scalars;
pub mod schema;
pub mod stats;
pub mod units;
pub mod uploads;

pub use schema::{AppSchema, MAX_COMPLEXITY, MAX_DEPTH, Mutation, Query, schema, schema_with, sdl};
