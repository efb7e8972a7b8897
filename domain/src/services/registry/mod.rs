//! The registry: units (with the aliases offices write) and yearly targets, loaded from
//! `units.csv` and `targets.csv`, all of a file or nothing.

mod csv_file;
mod load;
mod targets;
mod units;
mod units_check;

pub use load::load_units;
pub use targets::{TargetsImported, import_targets_csv};
pub use units::{UnitsImported, import_units_csv};
