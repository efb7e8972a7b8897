//! The sea-orm entities of thads, one module per table. Values are stored as the database
//! holds them (levels, forms and statuses as text); the services convert to domain types.

pub mod case_types;
pub mod imports;
pub mod report_rows;
pub mod reports;
pub mod targets;
pub mod tokens;
pub mod unit_aliases;
pub mod units;
