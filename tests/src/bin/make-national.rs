//! Writes synthetic national data in the real workbook format, for the benchmarks: the unit
//! registry of the 63 provinces and about 700 offices, yearly targets, and one workbook per
//! office and month, each office laid out its own way (every variant of the format occurs).
//!
//! ```text
//! cargo run --release -p thads-tests --bin make-national -- --months 1 --years 2020 OUTDIR
//! ```
//! writes `OUTDIR/units.csv`, `OUTDIR/targets.csv` and
//! `OUTDIR/workbooks/YEAR/MM/CODE-YEAR-MM.xlsx` for the months 1..=N of each year.
//! Options: `--months N` (1..=12, default 1), `--years Y[,Y…]` (default 2020), `--offices N`
//! (only the first N offices write workbooks; the registry stays whole). The output is
//! deterministic.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use thads_domain::Period;
use thads_tests::fixtures::write_xlsx;
use thads_tests::national::Registry;

/// What to write.
struct Options {
    months: u8,
    years: Vec<i32>,
    offices: Option<usize>,
    dir: PathBuf,
}

const USAGE: &str = "usage: make-national [--months N] [--years Y[,Y…]] [--offices N] OUTDIR";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match write(&options) {
        Ok(count) => {
            println!(
                "{count} workbooks written in {} ({:.1} s)",
                options.dir.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        months: 1,
        years: vec![2020],
        offices: None,
        dir: PathBuf::new(),
    };
    let mut dir = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--months" => {
                options.months = value("--months")?
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or("--months must be 1 to 12")?;
            }
            "--years" => {
                options.years = value("--years")?
                    .split(',')
                    .map(|y| y.trim().parse().map_err(|e| format!("--years {y}: {e}")))
                    .collect::<Result<_, _>>()?;
            }
            "--offices" => {
                let n = value("--offices")?;
                options.offices = Some(n.parse().map_err(|e| format!("--offices {n}: {e}"))?);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path => dir = Some(PathBuf::from(path)),
        }
    }
    options.dir = dir.ok_or("OUTDIR is missing")?;
    Ok(options)
}

fn write(options: &Options) -> Result<usize, String> {
    let registry = Registry::national();
    let dir = &options.dir;
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let units = dir.join("units.csv");
    std::fs::write(&units, registry.units_csv()).map_err(|e| io(&units, e))?;
    let targets = dir.join("targets.csv");
    std::fs::write(&targets, registry.targets_csv(&options.years)).map_err(|e| io(&targets, e))?;
    let offices = &registry.offices[..options
        .offices
        .unwrap_or(usize::MAX)
        .min(registry.offices.len())];
    for &year in &options.years {
        for m in 1..=options.months {
            let folder = dir.join("workbooks").join(format!("{year}/{m:02}"));
            std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
        }
    }
    let jobs: Vec<(usize, i32)> = offices
        .iter()
        .flat_map(|o| options.years.iter().map(move |&y| (o.index, y)))
        .collect();
    let written: Vec<usize> = jobs
        .par_iter()
        .map(|&(index, year)| {
            let office = &registry.offices[index];
            let series = registry.year_values(office, year, options.months);
            for (m, values) in (1u8..).zip(series) {
                let period = Period::new(i64::from(year), i64::from(m))
                    .map_err(|e| format!("{year}/{m}: {e}"))?;
                let spec = registry.workbook(office, period, values);
                let path = dir.join("workbooks").join(format!(
                    "{year}/{m:02}/{}-{year}-{m:02}.xlsx",
                    office.code.to_lowercase()
                ));
                write_xlsx(&spec, &path).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Ok(usize::from(options.months))
        })
        .collect::<Result<_, String>>()?;
    Ok(written.iter().sum())
}
