//! The command line of `thads`, as contract.md fixes it.

use crate::access::ReadPolicy;
use crate::commands;
use crate::graphql::limits::{self, Limits};
use crate::server::{self, ServerConfig};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use thads_domain::Lang;
use thads_domain::services::tokens::NewToken;

/// Exit code: every file imported or already there.
pub const EXIT_OK: u8 = 0;
/// Exit code: some file was rejected (the others were still imported).
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: a usage or database error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `report` and `periods`: the unit is not in the registry.
pub const EXIT_UNKNOWN_UNIT: u8 = 3;
/// Exit code of `report`: no office of the unit reported the period.
pub const EXIT_NO_REPORTS: u8 = 4;

/// Statistics of civil judgment enforcement (thi hành án dân sự): import the monthly workbooks
/// of the enforcement offices, check them and store them.
#[derive(Debug, Parser)]
#[command(name = "thads", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives.
#[derive(Debug, Args)]
struct DbArgs {
    /// Database URL: `sqlite://FILE` or `postgres://…`. Default: $THADS_DATABASE_URL, else the
    /// SQLite file `thads.db` in the current folder, created on first use.
    #[arg(long, env = crate::db::DATABASE_URL_VAR)]
    db: Option<String>,
}

impl DbArgs {
    fn url(&self) -> String {
        self.db.clone().unwrap_or_else(crate::db::default_url)
    }
}

/// What one GraphQL request may cost the server.
#[derive(Debug, Args)]
struct LimitArgs {
    /// The most a request may cost: the values it answers, each list counted at its estimated
    /// length, and the reports it reads; all operations of a batch together. A query past it
    /// is refused before it runs (QUERY_TOO_EXPENSIVE).
    #[arg(long, env = "THADS_MAX_QUERY_COST", default_value_t = limits::MAX_QUERY_COST, value_parser = clap::value_parser!(u64).range(1..))]
    max_query_cost: u64,
    /// The largest answer in bytes; a larger one is stopped (RESPONSE_TOO_LARGE).
    #[arg(long, env = "THADS_MAX_RESPONSE_BYTES", default_value_t = limits::MAX_RESPONSE_BYTES)]
    max_response_bytes: usize,
    /// How long a query may run, in seconds; then its work is stopped (QUERY_TOO_EXPENSIVE).
    #[arg(long, env = "THADS_QUERY_TIMEOUT", default_value_t = limits::QUERY_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    query_timeout: u64,
    /// The most operations one batch may hold.
    #[arg(long, env = "THADS_MAX_BATCH", default_value_t = limits::MAX_BATCH, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000))]
    max_batch: usize,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_cost: self.max_query_cost,
            max_response_bytes: self.max_response_bytes,
            timeout: Duration::from_secs(self.query_timeout),
            max_batch: self.max_batch,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import workbooks: files, or folders searched recursively.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// Check and report everything, store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Output: readable text, or one JSON object per file and line.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The language of the problems' messages: vi (Vietnamese) or en (English). By default
        /// the locale's ($LC_ALL, $LC_MESSAGES, $LANG): vi* gives Vietnamese, anything else English.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Workbook files (.xlsx .xlsm .xlsb .xls .ods) or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// The unit registry: provinces and offices, with the spellings offices use.
    Units {
        #[command(subcommand)]
        action: RegistryAction,
    },
    /// Yearly target rates per unit and measure.
    Targets {
        #[command(subcommand)]
        action: RegistryAction,
    },
    /// A unit's consolidated report for a period: the province's paragraph in Vietnamese
    /// (text) or the offices' ranking (csv), on stdout or into --out, or the consolidated
    /// workbook (xlsx: the unit's Mẫu 01 and Mẫu 02, its offices' ranking, the reports
    /// received), into --out only.
    ///
    /// Exit codes: 0 written; 2 bad arguments (a bad period or template, an office asked for
    /// the ranking, which only a unit above the offices has, xlsx without --out) or a database
    /// error; 3 unknown unit; 4 no reports of the unit for the period. Nothing is written
    /// unless the whole report could be made.
    Report {
        #[command(flatten)]
        db: DbArgs,
        /// The unit's code: a province, the nation, or an office (text or xlsx: an office has
        /// no ranking).
        #[arg(long)]
        unit: String,
        /// The enforcement year (the calendar year in which it ends, 30 September).
        #[arg(long)]
        year: i64,
        /// Months since 1 October, 1..12 (9: "9 tháng").
        #[arg(long)]
        months: i64,
        /// text, csv or xlsx (which needs --out). Default: the one --out's extension names
        /// (.txt, .csv, .xlsx), else text.
        #[arg(long, value_enum)]
        format: Option<commands::report::ReportFormat>,
        /// The file to write; default: stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Map the figures onto the units of this day (YYYY-MM-DD); default: the period's
        /// last day.
        #[arg(long)]
        asof: Option<chrono::NaiveDate>,
        /// How many offices with the lowest rates the text names, in cases and in money.
        #[arg(long, default_value_t = 4)]
        lowest: usize,
        /// A Fluent file (.ftl) of the text's wording, replacing the built-in one (copy
        /// report/templates/vi.ftl and change the words).
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// The monthly cycle: approve (lock) a unit's period, reopen it with a reason, list what
    /// was done.
    ///
    /// Exit codes: 0 done; 2 bad arguments, a refusal (no reports to approve, approved
    /// already, not approved, a blank reason) or a database error; 3 unknown unit. A refusal
    /// writes nothing.
    Periods {
        #[command(subcommand)]
        action: PeriodAction,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Serve GraphQL at /graphql, GraphiQL at /, the upload page at /upload and uploads at
    /// /api/imports, until Ctrl-C or SIGTERM.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// The address to listen on.
        #[arg(long, env = "THADS_BIND", default_value = "127.0.0.1:8000")]
        bind: String,
        /// On an empty database, first load the bundled sample province (`samples/`, or the
        /// folder `$THADS_SAMPLES` names). Anyone may then read, as with --public-read.
        #[arg(long)]
        demo: bool,
        /// Let anyone read without a token (dashboards on an open network). Writing always
        /// needs a token.
        #[arg(long)]
        public_read: bool,
        /// How long a request may take, in seconds, before it is answered 408.
        #[arg(long, default_value_t = server::REQUEST_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
        request_timeout: u64,
        /// How many answers to keep in the response cache: a repeated query is answered from
        /// it until the data changes (any import, unit or target written, by this server or
        /// any other process); at most 64 MiB whatever the number. 0 turns the cache off.
        #[arg(long, env = "THADS_RESPONSE_CACHE_ENTRIES", default_value_t = server::RESPONSE_CACHE_ENTRIES)]
        response_cache_entries: usize,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// API tokens: who may read, import or manage the registry over the network.
    Tokens {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Monthly deadlines: the day of the month after a period by which the offices below a
    /// unit must have sent their reports of it.
    Deadlines {
        #[command(subcommand)]
        action: DeadlineAction,
    },
    /// The offices whose report is overdue: not arrived by the deadline that applies to them.
    ///
    /// Exit codes: 0 none overdue; 1 some overdue (listed); 2 bad arguments, no deadline set, or
    /// a database error; 3 unknown unit.
    Overdue {
        #[command(flatten)]
        db: DbArgs,
        /// The unit whose offices to list: an office, a province or the nation.
        #[arg(long)]
        unit: String,
        /// The enforcement year; with --months. Default: the latest period already due.
        #[arg(long, requires = "months")]
        year: Option<i64>,
        /// Months since 1 October, 1..12; with --year.
        #[arg(long, requires = "year")]
        months: Option<i64>,
        /// The day to judge on (YYYY-MM-DD); default: today in Vietnam.
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// Print the GraphQL schema (SDL); no database needed.
    ExportSchema,
}

#[derive(Debug, Subcommand)]
enum DeadlineAction {
    /// Set a unit's due day (usually a province's; its offices inherit it), or remove it.
    ///
    /// Exit codes: 0 set; 2 a day outside 1–28 or a database error; 3 unknown unit.
    Set {
        /// The unit's code.
        #[arg(long)]
        unit: String,
        /// The day of the month after each period, 1–28 (e.g. 5: June's reports are due on
        /// 5 July).
        #[arg(long, required_unless_present = "clear", conflicts_with = "clear")]
        day: Option<i64>,
        /// Remove the unit's own due day: it takes its nearest ancestor's again.
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
enum RegistryAction {
    /// Load or update from a CSV file; re-running updates in place.
    Import {
        /// The CSV file (UTF-8, with a header row).
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// A unit's period, as `periods approve` and `periods reopen` take it.
#[derive(Debug, Args)]
struct PeriodArgs {
    /// The unit's code (any level: its offices are the ones locked), e.g. LA.
    #[arg(long)]
    unit: String,
    /// The enforcement year (the calendar year in which it ends, 30 September).
    #[arg(long)]
    year: i64,
    /// Months since 1 October, 1..12 (9: "9 tháng").
    #[arg(long)]
    months: i64,
}

impl From<PeriodArgs> for commands::periods::PeriodArgs {
    fn from(a: PeriodArgs) -> Self {
        Self {
            unit: a.unit,
            year: a.year,
            months: a.months,
        }
    }
}

#[derive(Debug, Subcommand)]
enum PeriodAction {
    /// Approve a unit's figures for a period: no office below it may send a report replacing
    /// its report of the period until the period is reopened.
    Approve {
        #[command(flatten)]
        period: PeriodArgs,
        /// Who approves, recorded with the approval. Default: cli:$USER.
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Reopen a period the unit approved: its offices may send replacements again.
    Reopen {
        #[command(flatten)]
        period: PeriodArgs,
        /// Why it is reopened; kept with the reopening.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the approvals and reopenings of a unit, of the units above it and of those below
    /// it, newest first.
    List {
        /// The unit's code.
        #[arg(long)]
        unit: String,
        /// Only this enforcement year.
        #[arg(long)]
        year: Option<i64>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Create a token and print it, once: only its hash is kept.
    Create {
        /// What it may do: read (viewer), import its office's reports (office), or also
        /// manage the registry and targets (admin).
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The office an office token is bound to, by code (required for --role office).
        #[arg(long)]
        unit: Option<String>,
        /// Who holds it, e.g. "Tân Trụ clerk"; recorded on every import it sends.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the tokens, one a line: id, name, role, unit, created, last used, revoked.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Revoke a token: it is refused from now on.
    Revoke {
        /// The token's id, as `tokens list` shows it.
        id: i32,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The role of a new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Reads.
    Viewer,
    /// Reads; imports its own office's reports.
    Office,
    /// Reads; imports any report; manages the registry and targets.
    Admin,
}

impl From<RoleArg> for thads_domain::Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Viewer => thads_domain::Role::Viewer,
            RoleArg::Office => thads_domain::Role::Office,
            RoleArg::Admin => thads_domain::Role::Admin,
        }
    }
}

/// The language of messages, as `--lang` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

impl LangArg {
    /// The language asked for, else the locale's.
    fn or_locale(arg: Option<LangArg>) -> Lang {
        match arg {
            Some(LangArg::Vi) => Lang::Vi,
            Some(LangArg::En) => Lang::En,
            None => {
                let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .into_iter()
                    .filter_map(|name| std::env::var(name).ok())
                    .find(|value| !value.is_empty());
                Lang::from_locale(locale.as_deref())
            }
        }
    }
}

/// How `import` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A line per file, its problems below it, and a summary.
    Text,
    /// One JSON object per file, one per line.
    Json,
}

/// Runs `thads` with these arguments (the first is the program name), writing to `out` and
/// `err`, and returns the exit code.
pub async fn run<I, S>(args: I, out: &mut (dyn Write + Send), err: &mut (dyn Write + Send)) -> u8
where
    I: IntoIterator<Item = S>,
    S: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            // Nothing sensible is left to do if even this write fails.
            let _ = write!(target, "{}", e.render());
            return code;
        }
    };
    let result = match cli.command {
        Command::Import {
            db,
            dry_run,
            format,
            lang,
            paths,
        } => {
            let output = (format, LangArg::or_locale(lang));
            commands::import::run(&db.url(), &paths, dry_run, output, out, err).await
        }
        Command::Units {
            action: RegistryAction::Import { file, db },
        } => commands::registry::units(&db.url(), &file, out).await,
        Command::Targets {
            action: RegistryAction::Import { file, db },
        } => commands::registry::targets(&db.url(), &file, out).await,
        Command::Report {
            db,
            unit,
            year,
            months,
            format,
            out: file,
            asof,
            lowest,
            template,
        } => {
            let request = commands::report::ReportRequest {
                unit,
                year,
                months,
                format,
                out: file,
                as_of: asof,
                lowest,
                template,
            };
            commands::report::run(&db.url(), request, out, err).await
        }
        Command::Deadlines {
            action: DeadlineAction::Set { unit, day, db, .. },
        } => commands::deadlines::set(&db.url(), &unit, day, out, err).await,
        Command::Overdue {
            db,
            unit,
            year,
            months,
            on,
        } => {
            let period = year.zip(months);
            commands::deadlines::overdue(&db.url(), &unit, period, on, out, err).await
        }
        Command::Periods { action } => match action {
            PeriodAction::Approve { period, by, db } => {
                commands::periods::approve(&db.url(), period.into(), by, out, err).await
            }
            PeriodAction::Reopen { period, reason, db } => {
                commands::periods::reopen(&db.url(), period.into(), &reason, out, err).await
            }
            PeriodAction::List { unit, year, db } => {
                commands::periods::list(&db.url(), &unit, year, out, err).await
            }
        },
        Command::Migrate { db } => commands::migrate::run(&db.url(), out).await,
        Command::Serve {
            db,
            bind,
            demo,
            public_read,
            request_timeout,
            response_cache_entries,
            limits,
        } => {
            let config = ServerConfig {
                reads: if public_read || demo {
                    ReadPolicy::PUBLIC
                } else {
                    ReadPolicy::CLOSED
                },
                request_timeout: Duration::from_secs(request_timeout),
                response_cache_entries,
                limits: limits.limits(),
                body_grace: server::BODY_GRACE,
            };
            commands::serve::run(&db.url(), &bind, demo, config, out).await
        }
        Command::Tokens { action } => match action {
            TokenAction::Create {
                role,
                unit,
                name,
                db,
            } => {
                let new = NewToken {
                    role: role.into(),
                    unit,
                    name,
                };
                commands::tokens::create(&db.url(), new, out, err).await
            }
            TokenAction::List { db } => commands::tokens::list(&db.url(), out).await,
            TokenAction::Revoke { id, db } => commands::tokens::revoke(&db.url(), id, out).await,
        },
        Command::ExportSchema => commands::export_schema::run(out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_USAGE
        }
    }
}
