//! Database migrations of thads: one change per file, the same code on SQLite and PostgreSQL.
//! Only the migrations: the code that opens a database and runs them is the API's (`db`), and
//! the code that reads what they create is the domain's (its entities and services).

mod m20261101_000001_create_units;
mod m20261101_000002_create_unit_aliases;
mod m20261101_000003_create_case_types;
mod m20261101_000004_seed_case_types;
mod m20261101_000005_create_imports;
mod m20261101_000006_create_reports;
mod m20261101_000007_create_report_rows;
mod m20261101_000008_create_targets;
mod m20261102_000001_index_imports_received;
mod m20261201_000001_create_tokens;
mod m20261201_000002_add_imports_sender;
mod m20261202_000001_create_data_revision;
mod m20261203_000001_index_units_code_ignoring_case;
mod m20261203_000002_watch_report_rows;
mod m20261203_000003_add_imports_path;
mod m20261204_000001_add_units_successor;
mod m20261205_000001_add_units_due_day;
mod m20261205_000002_create_report_totals;
mod m20261206_000001_create_period_approvals;
mod m20261207_000001_create_period_sums;
mod revision_triggers;

pub use sea_orm_migration::MigratorTrait;

use sea_orm_migration::{MigrationTrait, async_trait};

/// Every migration of thads, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261101_000001_create_units::Migration),
            Box::new(m20261101_000002_create_unit_aliases::Migration),
            Box::new(m20261101_000003_create_case_types::Migration),
            Box::new(m20261101_000004_seed_case_types::Migration),
            Box::new(m20261101_000005_create_imports::Migration),
            Box::new(m20261101_000006_create_reports::Migration),
            Box::new(m20261101_000007_create_report_rows::Migration),
            Box::new(m20261101_000008_create_targets::Migration),
            Box::new(m20261102_000001_index_imports_received::Migration),
            Box::new(m20261201_000001_create_tokens::Migration),
            Box::new(m20261201_000002_add_imports_sender::Migration),
            Box::new(m20261202_000001_create_data_revision::Migration),
            Box::new(m20261203_000001_index_units_code_ignoring_case::Migration),
            Box::new(m20261203_000002_watch_report_rows::Migration),
            Box::new(m20261203_000003_add_imports_path::Migration),
            Box::new(m20261204_000001_add_units_successor::Migration),
            Box::new(m20261205_000001_add_units_due_day::Migration),
            Box::new(m20261205_000002_create_report_totals::Migration),
            Box::new(m20261206_000001_create_period_approvals::Migration),
            Box::new(m20261207_000001_create_period_sums::Migration),
        ]
    }
}
