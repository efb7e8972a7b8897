//! Problems found in an input file, each with the place it was found.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a problem is: an error refuses the whole file, a warning is reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file is refused and nothing of it is stored.
    Error,
    /// The file is stored; the problem is shown to the person who sent it.
    Warning,
}

/// A column of a form, by its printed number and heading.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ColumnRef {
    /// The number printed in the column-number row, e.g. 8.
    pub number: u16,
    /// The heading of the form's template, e.g. "Thi hành xong".
    pub heading: String,
}

/// One problem in a file, with as much of its place as is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, machine-readable kind, e.g. `not_a_number`, `identity`, `unknown_unit`.
    pub code: String,
    /// The sheet's name, when the problem is inside one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell in A1 notation of the sheet, e.g. `F14`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The label of the data row, e.g. "2. Dân sự".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column of the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnRef>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Problem {
    /// An error with a code and a message and no place yet.
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning with a code and a message and no place yet.
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code: code.to_owned(),
            sheet: None,
            cell: None,
            row: None,
            column: None,
            message: message.into(),
        }
    }

    /// Places the problem in a sheet.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Places the problem in a cell, given in A1 notation.
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// Names the data row.
    pub fn in_row(mut self, label: impl Into<String>) -> Self {
        self.row = Some(label.into());
        self
    }

    /// Names the column.
    pub fn in_column(mut self, number: u16, heading: impl Into<String>) -> Self {
        self.column = Some(ColumnRef {
            number,
            heading: heading.into(),
        });
        self
    }

    /// Whether this problem refuses the file.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as a line that names its file first, e.g.
    /// `kien-tuong.xls › Mẫu 02 › F14 (row "2. Dân sự", column 8 "Thi hành xong"): expected a number, found "abc"`.
    pub fn display_in(&self, file: &str) -> String {
        format!("{file} › {self}")
    }
}

/// Without the file: `sheet › cell (row "…", column n "…"): message`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "{sheet} › ")?;
        }
        if let Some(cell) = &self.cell {
            f.write_str(cell)?;
        }
        let mut place = Vec::new();
        if let Some(row) = &self.row {
            place.push(format!("row \"{row}\""));
        }
        if let Some(c) = &self.column {
            place.push(format!("column {} \"{}\"", c.number, c.heading));
        }
        if !place.is_empty() {
            if self.cell.is_some() {
                f.write_str(" ")?;
            }
            write!(f, "({})", place.join(", "))?;
        }
        if self.cell.is_some() || !place.is_empty() {
            f.write_str(": ")?;
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The A1 name of a cell from 0-based row and column indexes, e.g. (13, 5) → `F14`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(13, 5), "F14");
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(9, 26), "AA10");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn displays_every_part_of_the_place() {
        let p = Problem::error("not_a_number", "expected a number, found \"abc\"")
            .in_sheet("Mẫu 02")
            .at_cell("F14")
            .in_row("2. Dân sự")
            .in_column(8, "Thi hành xong");
        assert_eq!(
            p.display_in("kien-tuong-2020-09.xls"),
            "kien-tuong-2020-09.xls › Mẫu 02 › F14 (row \"2. Dân sự\", column 8 \"Thi hành xong\"): expected a number, found \"abc\""
        );
    }

    #[test]
    fn displays_a_problem_of_the_whole_file() {
        let p = Problem::error("no_form", "no form sheet found");
        assert_eq!(p.display_in("a.xlsx"), "a.xlsx › no form sheet found");
        let w = Problem::warning("carried_over_changed", "differs").in_sheet("S");
        assert_eq!(w.to_string(), "S › warning: differs");
    }
}
