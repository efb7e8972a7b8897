//! One sheet as read: its name, its cells at their absolute positions (0-based, A1 = (0, 0)),
//! and the formula cells that have no saved result.

use calamine::{Data, Range};

static EMPTY: Data = Data::Empty;

/// The cells of one sheet.
pub(crate) struct Grid {
    /// The sheet's name, as the workbook shows it.
    pub name: String,
    /// The sheet's position among the sheets read, from 0.
    pub index: usize,
    cells: Range<Data>,
    /// Formula cells without a saved value, sorted.
    uncached: Vec<(u32, u32)>,
}

impl Grid {
    /// A sheet from its cells (at absolute positions) and its formula cells without a value.
    pub fn new(
        name: String,
        index: usize,
        cells: Range<Data>,
        mut uncached: Vec<(u32, u32)>,
    ) -> Self {
        uncached.sort_unstable();
        uncached.dedup();
        Self {
            name,
            index,
            cells,
            uncached,
        }
    }

    /// The cell at a position; empty outside the used area.
    pub fn get(&self, row: u32, col: u32) -> &Data {
        self.cells.get_value((row, col)).unwrap_or(&EMPTY)
    }

    /// The text of a cell, trimmed, when it holds non-blank text.
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.get(row, col) {
            Data::String(s) => Some(s.trim()).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    /// Whether a cell holds nothing (or only spaces).
    pub fn is_blank(&self, row: u32, col: u32) -> bool {
        is_blank(self.get(row, col))
    }

    /// Whether the cell holds a formula whose result was never saved.
    pub fn is_uncached(&self, row: u32, col: u32) -> bool {
        self.uncached.binary_search(&(row, col)).is_ok()
    }

    /// One past the last used row and column; (0, 0) for an empty sheet.
    pub fn end(&self) -> (u32, u32) {
        match self.cells.end() {
            Some((r, c)) if !self.cells.is_empty() => (r + 1, c + 1),
            _ => (0, 0),
        }
    }

    /// The first used row and column.
    pub fn start(&self) -> (u32, u32) {
        self.cells.start().unwrap_or((0, 0))
    }

    /// The non-blank cells of a row, left to right, with their columns.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (u32, &Data)> {
        let (start, end) = (self.start().1, self.end().1);
        (start..end)
            .map(move |c| (c, self.get(row, c)))
            .filter(|(_, d)| !is_blank(d))
    }
}

/// Whether a value is empty or blank text.
pub(crate) fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}
