//! `thads export-schema`: print the GraphQL SDL (no database needed). The committed
//! `schema.graphql` is its output: `cargo run -- export-schema > schema.graphql`.

use super::CommandError;
use crate::cli::EXIT_OK;
use std::io::Write;

/// Prints the SDL.
pub fn run(out: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    out.write_all(crate::graphql::sdl().as_bytes())?;
    Ok(EXIT_OK)
}
