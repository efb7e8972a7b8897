//! The `thads` command line (and, later, the GraphQL server): thin commands over the domain
//! services and the importer.

pub mod cli;
mod commands;
