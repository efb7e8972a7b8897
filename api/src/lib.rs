//! The `thads` command line and the GraphQL server: thin commands and resolvers over the domain
//! services and the importer.
//!
//! - [`access`]: who may do what: callers, roles, the read policy.
//! - [`cli`]: the commands of the `thads` binary.
//! - [`db`]: opening a database and bringing its schema up to date.
//! - [`graphql`]: the schema, its types and resolvers.
//! - [`server`]: the HTTP server (GraphQL, GraphiQL, uploads, the upload page, health);
//!   [`server::spawn`] starts it in the background, as the tests do.
//! - [`uploads`]: importing workbooks received over the network, with its bounds.

pub mod access;
pub mod cli;
mod commands;
pub mod db;
pub mod graphql;
pub mod server;
pub mod uploads;
