//! The offices' ranking as CSV (`--format csv`), for analysts: one row per office of the
//! unit, by code, with the ranking's columns. The header is English snake_case; rates, targets
//! and differences are in percent with a dot and two decimals, as published; amounts are
//! whole cases and whole đồng; a value no report gives is an empty cell (missing is not zero).

use crate::consolidated::{Consolidated, Measure};
use crate::error::ReportError;
use std::io::Write;

/// The columns of one measure, after its prefix (`cases_`, `money_`).
const MEASURE_COLUMNS: [&str; 7] = [
    "enforceable",
    "resolved",
    "rate",
    "target",
    "gap",
    "previous_year_rate",
    "change",
];

/// Writes the ranking of a unit's offices; an office has none
/// ([`ReportError::OfficeRanking`]), and then nothing is written.
pub fn write_csv(report: &Consolidated, out: impl Write) -> Result<(), ReportError> {
    let offices = report.ranking()?;
    let mut csv = csv::Writer::from_writer(out);
    let mut header = vec!["code".to_owned(), "name".to_owned()];
    for prefix in ["cases", "money"] {
        header.extend(MEASURE_COLUMNS.iter().map(|c| format!("{prefix}_{c}")));
    }
    header.extend(["rank_cases".to_owned(), "rank_money".to_owned()]);
    csv.write_record(&header)?;
    for line in offices {
        let mut record = vec![line.office.code.clone(), line.office.name.clone()];
        record.extend(cells(&line.figures.cases));
        record.extend(cells(&line.figures.money));
        record.push(optional(line.rank_cases));
        record.push(optional(line.rank_money));
        csv.write_record(&record)?;
    }
    csv.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// The cells of one measure, in [`MEASURE_COLUMNS`]' order.
fn cells(m: &Measure) -> [String; 7] {
    [
        optional(m.enforceable),
        optional(m.resolved),
        rate(m.rate),
        rate(m.target),
        rate(m.gap),
        rate(m.previous_rate),
        rate(m.change),
    ]
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn rate(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}
