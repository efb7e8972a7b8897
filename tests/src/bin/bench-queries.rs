//! The query benchmark: the dashboard queries on a national database, each timed three ways
//! in the same process, interleaved so that all three see the same machine:
//! - `graphql`: the whole GraphQL request, `schema.execute` in process (parsing, validation,
//!   resolvers, the service, serialising the answer);
//! - `service`: what the resolver calls: the unit and case-type trees (which the request
//!   cache then keeps for the names in the answer), and the domain service (`stats::stats`,
//!   `stats::series`);
//! - `sql`: the bare SQL statements that service runs (captured once through sea-orm's metric
//!   callback), rerun raw one after the other, rows fetched, nothing decoded.
//!
//! ```text
//! bench-queries --db URL [--year 2020] [--months 9] [--iterations 200] [--budget 15] [--runs 3]
//! bench-queries --wrk-bodies [--year 2020] [--months 9]   # the HTTP mix, one JSON body a line
//! bench-queries --largest-province                         # the province the queries filter on
//! ```
//! Each query is run `--iterations` times per run, or fewer when they would take longer than
//! `--budget` seconds (at least ten). Prints, per query, the median over runs of each mode's p50 and p99 in milliseconds, the
//! spread (min–max) of the p50s, and the ratio graphql p50 / sql p50; then one `result` line
//! per query for scripts.

use sea_orm::{ConnectionTrait, Statement};
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use thads_domain::Period;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::stats as service;
use thads_domain::stats::{Dimension, SeriesQuery, SortField, SortKey, StatsFilter, StatsQuery};
use thads_tests::national::Registry;

/// What the service side of a query calls; `previous_year` is set as the GraphQL resolver
/// sets it, from whether the query selects `previousYear`.
#[derive(Clone)]
enum Call {
    /// Only the trees: the listing of the offices.
    Units,
    Stats(StatsQuery),
    Series(SeriesQuery),
    /// Which offices of this unit reported the period.
    Completeness(String, Period),
}

/// The queries timed here but left out of the HTTP mix: the yardstick and the two the peer
/// cannot be asked (a series per province, completeness).
const EXTRA: [&str; 3] = [
    "offices_list",
    "province_year_series",
    "province_completeness",
];

/// One dashboard query.
struct Query {
    name: &'static str,
    graphql: String,
    call: Call,
}

struct Options {
    db: String,
    year: i32,
    months: u8,
    iterations: usize,
    budget: Duration,
    runs: usize,
    wrk_bodies: bool,
    largest_province: bool,
}

const USAGE: &str = "usage: bench-queries --db URL [--year Y] [--months M] [--iterations N] \
                     [--budget SECONDS] [--runs R] | --wrk-bodies | --largest-province";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if options.largest_province {
        println!("{}", largest_province(&Registry::national()));
        return ExitCode::SUCCESS;
    }
    let queries = match queries(options.year, options.months) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("bench-queries: {e}");
            return ExitCode::FAILURE;
        }
    };
    if options.wrk_bodies {
        // The HTTP mix: the six questions the peer answers too (bench/peer.sh), so that both
        // servers carry the same load.
        for q in queries.iter().filter(|q| !EXTRA.contains(&q.name)) {
            println!("{}", serde_json::json!({ "query": q.graphql }));
        }
        return ExitCode::SUCCESS;
    }
    thads_tests::national::block_on("bench-queries", run(&options, &queries))
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        db: String::new(),
        year: 2020,
        months: 9,
        iterations: 200,
        budget: Duration::from_secs(15),
        runs: 3,
        wrk_bodies: false,
        largest_province: false,
    };
    while let Some(arg) = args.next() {
        if arg == "--wrk-bodies" {
            o.wrk_bodies = true;
            continue;
        }
        if arg == "--largest-province" {
            o.largest_province = true;
            continue;
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let bad = |e: std::num::ParseIntError| format!("{arg} {value}: {e}");
        match arg.as_str() {
            "--db" => o.db = value.clone(),
            "--year" => o.year = value.parse().map_err(bad)?,
            "--months" => o.months = value.parse().map_err(bad)?,
            "--iterations" => o.iterations = value.parse().map_err(bad)?,
            "--budget" => o.budget = Duration::from_secs(value.parse().map_err(bad)?),
            "--runs" => o.runs = value.parse().map_err(bad)?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.db.is_empty() && !o.wrk_bodies && !o.largest_province {
        return Err("--db is missing".to_owned());
    }
    o.iterations = o.iterations.max(1);
    o.runs = o.runs.max(1);
    Ok(o)
}

/// The dashboard's queries: the 700 offices listed (the yardstick: what any answer of the
/// registry costs); national totals; provinces ranked by rate; the offices of the largest
/// province ranked; the year month by month, for the nation and for every province; by case
/// group; by case group with the same months of the year before; which offices of the largest
/// province reported.
fn queries(year: i32, months: u8) -> Result<Vec<Query>, String> {
    let period = Period::new(i64::from(year), i64::from(months)).map_err(|e| e.to_string())?;
    let largest = largest_province(&Registry::national());
    let p = format!("period: {{year: {year}, months: {months}}}");
    let figures = "rate resolved enforceable target gapToTarget";
    let by_rate = vec![SortKey {
        field: SortField::CasesRate,
        descending: true,
    }];
    let stats = |filter: StatsFilter,
                 group_by: Vec<Dimension>,
                 order_by: Vec<SortKey>,
                 previous_year: bool| {
        Call::Stats(StatsQuery {
            period,
            filter,
            group_by,
            order_by,
            limit: None,
            previous_year,
            as_of: None,
        })
    };
    let province = StatsFilter {
        units: vec![largest.clone()],
        case_types: Vec::new(),
    };
    Ok(vec![
        Query {
            name: "offices_list",
            graphql: "{ units(level: OFFICE) { code name } }".to_owned(),
            call: Call::Units,
        },
        Query {
            name: "national_totals",
            graphql: format!(
                "{{ stats({p}) {{ officesExpected officesReported \
                 cases {{ {figures} }} money {{ {figures} }} }} }}"
            ),
            call: stats(StatsFilter::default(), vec![], vec![], false),
        },
        Query {
            name: "provinces_by_rate",
            graphql: format!(
                "{{ stats({p}, groupBy: [PROVINCE], \
                 orderBy: [{{field: CASES_RATE, direction: DESC}}]) {{ unit {{ code name }} \
                 cases {{ {figures} }} money {{ rate resolved enforceable }} }} }}"
            ),
            call: stats(
                StatsFilter::default(),
                vec![Dimension::Province],
                by_rate.clone(),
                false,
            ),
        },
        Query {
            name: "province_offices_by_rate",
            graphql: format!(
                "{{ stats({p}, filter: {{units: [\"{largest}\"]}}, groupBy: [OFFICE], \
                 orderBy: [{{field: CASES_RATE, direction: DESC}}]) {{ unit {{ code name }} \
                 cases {{ {figures} }} money {{ rate resolved enforceable }} }} }}"
            ),
            call: stats(province, vec![Dimension::Office], by_rate, false),
        },
        Query {
            name: "year_series",
            graphql: format!(
                "{{ series(year: {year}) {{ period {{ months label }} \
                 cases {{ rate resolved enforceable monthAlone {{ resolved }} }} \
                 money {{ rate resolved enforceable }} }} }}"
            ),
            call: Call::Series(SeriesQuery {
                year,
                filter: StatsFilter::default(),
                group_by: vec![],
                previous_year: false,
                as_of: None,
            }),
        },
        Query {
            name: "province_year_series",
            graphql: format!(
                "{{ series(year: {year}, groupBy: [PROVINCE]) {{ unit {{ code name }} \
                 period {{ months }} cases {{ rate resolved enforceable }} \
                 money {{ rate resolved enforceable }} }} }}"
            ),
            call: Call::Series(SeriesQuery {
                year,
                filter: StatsFilter::default(),
                group_by: vec![Dimension::Province],
                previous_year: false,
                as_of: None,
            }),
        },
        Query {
            name: "province_completeness",
            graphql: format!(
                "{{ completeness({p}, unit: \"{largest}\") {{ unit {{ code name }} form \
                 reported received {{ at fileName }} }} }}"
            ),
            call: Call::Completeness(largest.clone(), period),
        },
        Query {
            name: "case_groups",
            graphql: format!(
                "{{ stats({p}, groupBy: [CASE_GROUP]) {{ caseType {{ code name }} \
                 cases {{ {figures} }} money {{ rate resolved enforceable }} }} }}"
            ),
            call: stats(
                StatsFilter::default(),
                vec![Dimension::CaseGroup],
                vec![],
                false,
            ),
        },
        Query {
            name: "case_groups_prev_year",
            graphql: format!(
                "{{ stats({p}, groupBy: [CASE_GROUP]) {{ caseType {{ code name }} \
                 cases {{ {figures} previousYear {{ rate resolved enforceable }} }} \
                 money {{ rate resolved enforceable previousYear {{ rate resolved }} }} }} }}"
            ),
            call: stats(
                StatsFilter::default(),
                vec![Dimension::CaseGroup],
                vec![],
                true,
            ),
        },
    ])
}

/// The code of the province with the most offices (the first of them on a tie).
fn largest_province(registry: &Registry) -> String {
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for o in &registry.offices {
        *sizes.entry(o.province).or_default() += 1;
    }
    sizes
        .iter()
        .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
        .map(|(p, _)| registry.provinces[*p].code.clone())
        .unwrap_or_default()
}

async fn run(options: &Options, queries: &[Query]) -> Result<(), String> {
    let db = thads_api::db::connect(&options.db)
        .await
        .map_err(|e| format!("{}: {e}", options.db))?;
    let schema = thads_api::graphql::schema(db.clone());
    // A second connection whose statements are recorded, to find what each service runs.
    let recorded: Arc<Mutex<Vec<Statement>>> = Arc::default();
    let mut spy = thads_api::db::open(&options.db)
        .await
        .map_err(|e| e.to_string())?;
    let sink = recorded.clone();
    spy.set_metric_callback(move |info| {
        if let Ok(mut v) = sink.lock() {
            v.push(info.statement.clone());
        }
    });
    let spy_schema = thads_api::graphql::schema(spy.clone());
    println!(
        "database: {}  period: {}/{}  iterations: {}  runs: {}",
        redact(&options.db),
        options.year,
        options.months,
        options.iterations,
        options.runs
    );
    println!(
        "{:<26} {:>5} {:>5} {:>5} | {:>15} {:>15} {:>15} | {:>17} | {:>7} {:>7}",
        "query",
        "iter",
        "stmts",
        "rows",
        "sql p50/p99",
        "service p50/p99",
        "graphql p50/p99",
        "graphql p50 range",
        "gql/sql",
        "gql/svc"
    );
    let mut results = Vec::new();
    let mut graphql_p50s: Vec<(&str, f64)> = Vec::new();
    for q in queries {
        take(&recorded);
        let rows = call(&spy, &q.call).await?;
        let statements = take(&recorded);
        execute(&spy_schema, &q.graphql).await?;
        let graphql_statements = take(&recorded).len();
        // A slow query gets fewer iterations: as many as fit in the budget, at least ten.
        let t = Instant::now();
        call(&db, &q.call).await?;
        execute(&schema, &q.graphql).await?;
        let once = t.elapsed().as_secs_f64() * 1.5;
        let fit = (options.budget.as_secs_f64() / once.max(1e-6)) as usize;
        let iterations = fit.clamp(10.min(options.iterations), options.iterations);
        let mut per_run: Vec<[Stats; 3]> = Vec::new();
        for _ in 0..options.runs {
            let mut samples: [Vec<Duration>; 3] = Default::default();
            for i in 0..iterations + 3 {
                let t = Instant::now();
                for s in &statements {
                    db.query_all_raw(s.clone())
                        .await
                        .map_err(|e| e.to_string())?;
                }
                let sql = t.elapsed();
                let t = Instant::now();
                call(&db, &q.call).await?;
                let svc = t.elapsed();
                let t = Instant::now();
                execute(&schema, &q.graphql).await?;
                let gql = t.elapsed();
                if i >= 3 {
                    samples[0].push(sql);
                    samples[1].push(svc);
                    samples[2].push(gql);
                }
            }
            per_run.push(samples.map(Stats::of));
        }
        let med = |mode: usize, f: fn(&Stats) -> f64| median(per_run.iter().map(|r| f(&r[mode])));
        let p50 = |m| med(m, |s| s.p50);
        let p99 = |m| med(m, |s| s.p99);
        let (lo, hi) = per_run
            .iter()
            .map(|r| r[2].p50)
            .fold((f64::MAX, 0.0_f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
        let ratio_sql = p50(2) / p50(0).max(1e-9);
        let ratio_svc = p50(2) / p50(1).max(1e-9);
        println!(
            "{:<26} {:>5} {:>2}/{:<2} {:>5} | {:>7.2}/{:<7.2} {:>7.2}/{:<7.2} {:>7.2}/{:<7.2} | {:>8.2}–{:<8.2} | {:>6.2}× {:>6.2}×",
            q.name,
            iterations,
            statements.len(),
            graphql_statements,
            rows,
            p50(0),
            p99(0),
            p50(1),
            p99(1),
            p50(2),
            p99(2),
            lo,
            hi,
            ratio_sql,
            ratio_svc
        );
        graphql_p50s.push((q.name, p50(2)));
        results.push(format!(
            "result query={} iterations={iterations} statements={} graphql_statements={} rows={} sql_p50={:.3} sql_p99={:.3} \
             service_p50={:.3} service_p99={:.3} graphql_p50={:.3} graphql_p99={:.3} \
             graphql_p50_min={lo:.3} graphql_p50_max={hi:.3} ratio_sql={ratio_sql:.3} ratio_service={ratio_svc:.3}",
            q.name,
            statements.len(),
            graphql_statements,
            rows,
            p50(0),
            p99(0),
            p50(1),
            p99(1),
            p50(2),
            p99(2)
        ));
    }
    // Goal 1 of BENCHMARKS.md: every query against listing the offices, in this one run.
    let listing = graphql_p50s
        .iter()
        .find(|(name, _)| *name == "offices_list")
        .map_or(f64::NAN, |(_, p50)| *p50);
    println!("graphql p50 against offices_list ({listing:.2} ms):");
    for (name, p50) in &graphql_p50s {
        println!("{name:<26} {:>6.2}×", p50 / listing.max(1e-9));
    }
    for r in results {
        println!("{r}");
    }
    for (name, p50) in &graphql_p50s {
        println!(
            "ratio query={name} to_listing={:.3}",
            p50 / listing.max(1e-9)
        );
    }
    Ok(())
}

/// Runs the service side of a query as the resolver does, the trees first; returns its rows.
async fn call(db: &impl ConnectionTrait, call: &Call) -> Result<usize, String> {
    let units = UnitTree::load(db).await.map_err(|e| e.to_string())?;
    let cases = CaseTree::load(db).await.map_err(|e| e.to_string())?;
    let rows = match call {
        Call::Units => return Ok(units.listed().count()),
        Call::Stats(q) => service::stats(db, &units, &cases, q).await.map(|r| r.len()),
        Call::Series(q) => service::series(db, &units, &cases, q)
            .await
            .map(|r| r.len()),
        Call::Completeness(unit, period) => {
            service::completeness(db, &units, *period, Some(unit), None)
                .await
                .map(|r| r.len())
        }
    };
    rows.map_err(|e| e.to_string())
}

/// Runs a GraphQL request in process; an error in the answer is an error here.
async fn execute(schema: &thads_api::graphql::AppSchema, query: &str) -> Result<(), String> {
    let response = schema.execute(query).await;
    if response.errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{query}: {:?}", response.errors))
    }
}

fn take(recorded: &Mutex<Vec<Statement>>) -> Vec<Statement> {
    recorded
        .lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default()
}

/// p50 and p99 of one run, in milliseconds.
struct Stats {
    p50: f64,
    p99: f64,
}

impl Stats {
    fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |q: f64| {
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        Self {
            p50: at(0.50),
            p99: at(0.99),
        }
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The URL without a password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if url[s + 3..at].contains(':') => {
            format!("{}://…{}", &url[..s], &url[at..])
        }
        _ => url.to_owned(),
    }
}
