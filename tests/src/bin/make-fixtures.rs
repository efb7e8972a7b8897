//! Writes the source .xlsx of every committed foreign fixture into a folder, and prints one
//! line per file: its stem and the formats to convert it to. Used by
//! `tests/fixtures/make-foreign.sh`; run it as `cargo run -p thads-tests --bin make-fixtures -- DIR`.

use std::path::PathBuf;
use std::process::ExitCode;
use thads_tests::fixtures::{foreign_files, write_xlsx};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make-fixtures DIR");
        return ExitCode::from(2);
    };
    for file in foreign_files() {
        let path = dir.join(format!("{}.xlsx", file.stem));
        if let Err(e) = write_xlsx(&file.spec, &path) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{} {}", file.stem, file.formats.join(" "));
    }
    ExitCode::SUCCESS
}
