//! Fills a database with years of synthetic national data without workbooks, for the query
//! benchmarks: the registry of [`thads_tests::national::Registry::national`], its targets, and
//! months 1..=12 of each year for every office, stored with multi-row INSERTs.
//!
//! ```text
//! cargo run --release -p thads-tests --bin load-national -- --db URL --years 10
//! ```
//! Options: `--years N` (default 10), `--last-year Y` (default 2020: ten years are
//! 2011..=2020), `--months N` (months per year, default 12), `--offices N` (only the first N
//! offices report). Rerunning replaces the current reports of the years loaded (the earlier
//! ones stay as history, as an import would keep them).

use std::process::ExitCode;
use std::time::Instant;
use thads_tests::national::Registry;
use thads_tests::national::load::{analyze, load_registry, load_year};

struct Options {
    db: String,
    years: i32,
    last_year: i32,
    months: u8,
    offices: usize,
}

const USAGE: &str = "usage: load-national --db URL [--years N] [--last-year Y] [--months N] \
                     [--offices N]";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    thads_tests::national::block_on("load-national", run(&options))
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        db: String::new(),
        years: 10,
        last_year: 2020,
        months: 12,
        offices: usize::MAX,
    };
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let bad = |e: std::num::ParseIntError| format!("{arg} {value}: {e}");
        match arg.as_str() {
            "--db" => options.db = value.clone(),
            "--years" => options.years = value.parse().map_err(bad)?,
            "--last-year" => options.last_year = value.parse().map_err(bad)?,
            "--months" => options.months = value.parse().map_err(bad)?,
            "--offices" => options.offices = value.parse().map_err(bad)?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if options.db.is_empty() {
        return Err("--db is missing".to_owned());
    }
    if !(1..=12).contains(&options.months) || options.years < 1 {
        return Err("--months must be 1 to 12 and --years at least 1".to_owned());
    }
    Ok(options)
}

async fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let db = thads_api::db::connect(&options.db)
        .await
        .map_err(|e| format!("{}: {e}", options.db))?;
    let registry = Registry::national();
    let years: Vec<i32> = (options.last_year - options.years + 1..=options.last_year).collect();
    load_registry(&db, &registry, &years)
        .await
        .map_err(|e| e.to_string())?;
    let (mut reports, mut rows) = (0, 0);
    for &year in &years {
        let t = Instant::now();
        let loaded = load_year(&db, &registry, year, options.months, options.offices)
            .await
            .map_err(|e| format!("{year}: {e}"))?;
        reports += loaded.reports;
        rows += loaded.rows;
        println!(
            "{year}: {} reports, {} rows, {} superseded, {:.1} s",
            loaded.reports,
            loaded.rows,
            loaded.superseded,
            t.elapsed().as_secs_f64()
        );
    }
    analyze(&db).await.map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "loaded {reports} reports, {rows} rows in {secs:.1} s ({:.0} rows/s)",
        rows as f64 / secs.max(1e-9)
    );
    db.close().await.map_err(|e| e.to_string())
}
