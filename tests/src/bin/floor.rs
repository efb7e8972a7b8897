//! The floor of the import benchmark: calamine opening the same workbooks and reading every
//! cell of every sheet, on every core (rayon, as the importer reads), with no checks and no
//! database. Nothing the importer does can take less time than this.
//!
//! ```text
//! floor PATH...                       files or folders, expanded as `thads import` expands them
//! floor --check UNITS.CSV PATH...     the importer's reading and checking instead, still
//!                                     without a database (where the time between the floor and
//!                                     a whole import goes)
//! ```
//! Prints one line: `floor files=N sheets=N cells=N seconds=S workbooks_per_s=R` (or
//! `check files=N errors=N seconds=S workbooks_per_s=R`; any error fails).

use calamine::{Data, Reader, open_workbook_auto};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use thads_domain::{UnitRecord, Validity};
use thads_importer::batch::collect_paths;
use thads_importer::{CheckContext, check_workbook};

fn main() -> ExitCode {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let units = if paths.first().is_some_and(|p| p.as_os_str() == "--check") && paths.len() > 1 {
        let csv = paths.remove(1);
        paths.remove(0);
        Some(csv)
    } else {
        None
    };
    if paths.is_empty() {
        eprintln!("usage: floor [--check UNITS.CSV] PATH...");
        return ExitCode::from(2);
    }
    let files = match collect_paths(&paths) {
        Ok(c) => c.files,
        Err(e) => {
            eprintln!("floor: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(units) = units {
        return match check_all(&units, &files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("floor --check: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let started = Instant::now();
    let read: Result<Vec<(usize, usize)>, String> = files.par_iter().map(|f| read_all(f)).collect();
    let secs = started.elapsed().as_secs_f64();
    match read {
        Ok(counts) => {
            let sheets: usize = counts.iter().map(|c| c.0).sum();
            let cells: usize = counts.iter().map(|c| c.1).sum();
            println!(
                "floor files={} sheets={sheets} cells={cells} seconds={secs:.3} workbooks_per_s={:.1}",
                files.len(),
                files.len() as f64 / secs.max(1e-9)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads and checks every file as the importer does (bytes read, then `check_workbook`), on
/// every core; an error in any file is an error here.
fn check_all(units: &Path, files: &[PathBuf]) -> Result<(), String> {
    let csv = std::fs::read_to_string(units).map_err(|e| format!("{}: {e}", units.display()))?;
    let ctx = CheckContext::new(unit_records(&csv)?);
    let started = Instant::now();
    let errors: usize = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let check = check_workbook(&f.display().to_string(), &bytes, &ctx);
            Ok(check.problems.iter().filter(|p| p.is_error()).count())
        })
        .collect::<Result<Vec<usize>, String>>()?
        .iter()
        .sum();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "check files={} errors={errors} seconds={secs:.3} workbooks_per_s={:.1}",
        files.len(),
        files.len() as f64 / secs.max(1e-9)
    );
    if errors > 0 {
        return Err(format!("{errors} errors in the files"));
    }
    Ok(())
}

/// The units of a `units.csv` without quoted fields (as make-national writes it).
fn unit_records(csv: &str) -> Result<Vec<UnitRecord>, String> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let [code, name, parent, level, aliases] = f[..] else {
                return Err(format!("not five fields: {line}"));
            };
            Ok(UnitRecord {
                code: code.to_owned(),
                name: name.to_owned(),
                parent: (!parent.is_empty()).then(|| parent.to_owned()),
                level: level.parse().map_err(|e| format!("{line}: {e}"))?,
                aliases: aliases
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
                validity: Validity::default(),
            })
        })
        .collect()
}

/// Opens a workbook and touches every cell of every sheet: the sheets and non-empty cells.
fn read_all(path: &Path) -> Result<(usize, usize), String> {
    let mut workbook = open_workbook_auto(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let names = workbook.sheet_names();
    let mut cells = 0;
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| format!("{} › {name}: {e}", path.display()))?;
        cells += range
            .used_cells()
            .filter(|(_, _, c)| !matches!(c, Data::Empty))
            .count();
    }
    Ok((names.len(), cells))
}
