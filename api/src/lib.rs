//! The `thads` command line and the GraphQL server: thin commands and resolvers over the domain
//! services and the importer.
//!
//! - [`cli`]: the commands of the `thads` binary.
//! - [`graphql`]: the schema, its types and resolvers.
//! - [`server`]: the HTTP server (GraphQL, GraphiQL, health); [`server::spawn`] starts it in
//!   the background, as the tests do.

pub mod cli;
mod commands;
pub mod graphql;
pub mod server;
