//! The registry: units (with the aliases offices write), yearly targets and monthly deadlines,
//! loaded from `units.csv` and `targets.csv`, all of a file or nothing, or set one at a time
//! with the same checks; and the unit and case-type trees ([`UnitTree`], [`CaseTree`]) every service that
//! reads the registry takes from its caller.

mod csv_file;
mod due_days;
mod load;
mod targets;
pub mod tree;
mod units;
mod units_check;
mod units_validity;
mod units_write;

pub use due_days::{DUE_DAYS, set_due_day};
pub use load::load_units;
pub use targets::{TargetInput, TargetsImported, import_targets_csv, set_target};
pub use tree::{CaseTree, UnitTree};
pub use units::{UnitInput, UnitsImported, import_units_csv, upsert_unit};
