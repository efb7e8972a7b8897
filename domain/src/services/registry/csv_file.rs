//! Reading a registry CSV file: UTF-8, a header row naming the columns, a BOM tolerated, every
//! line kept with its 1-based number (the header is line 1).
//!
//! Every problem of the file's form names its line: those the csv crate finds itself, a quoted
//! field that is never closed (which the csv crate accepts silently, swallowing the rest of the
//! file into one field), a field that is not UTF-8 and a field holding a control character.

use crate::error::LineProblem;
use crate::text::refuse_control;
use std::io::Read;
use unicode_normalization::UnicodeNormalization;

/// One data line: its number and its fields, in the order of the expected columns.
pub(crate) struct CsvLine {
    /// 1-based line number.
    pub line: u64,
    /// Trimmed, NFC-normalised fields; a column the line lacks is empty.
    pub fields: Vec<String>,
}

/// A file as read: its data lines and the problems of its form (header, encoding).
pub(crate) struct CsvFile {
    pub lines: Vec<CsvLine>,
    pub problems: Vec<LineProblem>,
    /// Whether the header names each expected column, in the order `required` then `optional`
    /// (all false when the header could not be read).
    pub present: Vec<bool>,
}

impl CsvFile {
    /// Whether the header names `column`.
    pub fn has(&self, column: usize) -> bool {
        self.present.get(column).copied().unwrap_or(false)
    }
}

/// Reads a file whose header must hold every column of `required` and may hold those of
/// `optional`, in any order. Fields come back in the order `required` then `optional`.
pub(crate) fn read_csv(mut reader: impl Read, required: &[&str], optional: &[&str]) -> CsvFile {
    let mut file = CsvFile {
        lines: Vec::new(),
        problems: Vec::new(),
        present: Vec::new(),
    };
    // Registry files are small: read whole, so that an unclosed quote can be found first.
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        file.problems
            .push(LineProblem::new(1, format!("cannot read the file: {e}")));
        return file;
    }
    // The record that holds an unclosed quote runs to the end of the file: it is reported as
    // such, and only the records before it are read.
    let unclosed = unclosed_quote(&bytes);
    if let Some(quote) = &unclosed {
        file.problems.push(LineProblem::new(
            quote.line,
            "a quoted field opened here is never closed",
        ));
        bytes.truncate(quote.record_start);
        if quote.first_record {
            return file;
        }
    }
    let mut lines = LineNumbers::new(&bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut records = csv.byte_records();
    let header = match records.next() {
        None => {
            file.problems.push(LineProblem::new(
                1,
                format!(
                    "the file is empty: expected the header {}",
                    expected(required, optional)
                ),
            ));
            return file;
        }
        Some(Err(e)) => {
            file.problems.push(read_error(&e, lines.at(e.position())));
            return file;
        }
        Some(Ok(record)) => record,
    };
    let header_line = lines.at(header.position());
    let Some(positions) =
        header_positions(&header, header_line, required, optional, &mut file.problems)
    else {
        return file;
    };
    file.present = positions.iter().map(Option::is_some).collect();
    let columns: Vec<&str> = required.iter().chain(optional).copied().collect();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                file.problems.push(read_error(&e, lines.at(e.position())));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        };
        let line = lines.at(record.position());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() > header.len() {
            file.problems.push(LineProblem::new(
                line,
                format!(
                    "{} fields, but the header names {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut fields = Vec::with_capacity(positions.len());
        let mut bad_encoding = false;
        let mut controls = Vec::new();
        for (position, column) in positions.iter().zip(&columns) {
            let raw = position.and_then(|i| record.get(i)).unwrap_or_default();
            match std::str::from_utf8(raw) {
                Ok(text) => {
                    controls.extend(refuse_control(column, text).err());
                    fields.push(text.trim().nfc().collect());
                }
                Err(_) => bad_encoding = true,
            }
        }
        if bad_encoding {
            file.problems.push(LineProblem::new(
                line,
                "not valid UTF-8: save the file as UTF-8",
            ));
            continue;
        }
        if !controls.is_empty() {
            // Nothing else of the line is checked: its codes and names are not what was meant.
            let problems = controls.into_iter().map(|m| LineProblem::new(line, m));
            file.problems.extend(problems);
            continue;
        }
        file.lines.push(CsvLine { line, fields });
    }
    file
}

/// The line numbers of the csv crate's positions.
///
/// The csv crate gives a record the position where it started reading it: the end of the
/// record before, which is still on the line before when the lines end in CRLF (the LF is read
/// with the next record), or when blank lines come between. The line of a record is that of
/// its first byte, found here from the bytes; positions only move forward, so each byte is
/// counted once.
struct LineNumbers<'a> {
    bytes: &'a [u8],
    /// A byte already reached, and its line.
    offset: usize,
    line: u64,
}

impl<'a> LineNumbers<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record (or error) at `position`: the first byte from there on that
    /// does not end a line. Without a position, the line last found.
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return self.line;
        };
        let from =
            usize::try_from(position.byte()).map_or(self.bytes.len(), |b| b.min(self.bytes.len()));
        let start = self.bytes[from..]
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(self.bytes.len(), |skipped| from + skipped);
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let ends = (self.offset..start)
            .filter(|&i| ends_line(self.bytes, i))
            .count();
        self.line += u64::try_from(ends).unwrap_or(u64::MAX);
        self.offset = start;
        self.line
    }
}

/// Whether the byte at `i` ends a line: an LF, or a CR not followed by one (old Mac files).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Where a quoted field that is never closed starts.
#[derive(Debug, PartialEq, Eq)]
struct UnclosedQuote {
    /// The line of its opening quote.
    line: u64,
    /// The byte where the record that holds it starts.
    record_start: usize,
    /// Whether that record is the first of the file (the header).
    first_record: bool,
}

/// The quoted field that is still open at the end of the file, if one is. Follows the csv
/// crate's reading of the bytes (its defaults: `,` between fields, `"` quoting, a doubled `"`
/// inside quotes, CR, LF or CRLF ending a record, blank lines skipped), which reads such a field
/// to the end of the file without an error.
fn unclosed_quote(bytes: &[u8]) -> Option<UnclosedQuote> {
    /// Where the reader is.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        /// Between records: line ends here are blank lines.
        StartRecord,
        /// At the start of a field.
        StartField,
        /// Inside an unquoted field (a quote there is an ordinary character).
        Unquoted,
        /// Inside a quoted field.
        Quoted,
        /// Just after a quote inside a quoted field: it closes the field unless another follows.
        QuoteInQuoted,
    }
    let mut state = State::StartRecord;
    let mut line: u64 = 1;
    let mut record_start = 0;
    let mut records = 0usize;
    let mut opened = None;
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_line = b == b'\n' || b == b'\r';
        if state == State::StartRecord && !end_of_line {
            record_start = i;
            records += 1;
            state = State::StartField;
        }
        state = match (state, b) {
            (State::StartRecord, _) => State::StartRecord,
            (State::StartField, b'"') => {
                opened = Some(UnclosedQuote {
                    line,
                    record_start,
                    first_record: records == 1,
                });
                State::Quoted
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) | (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',') => State::StartField,
            (_, _) if end_of_line => State::StartRecord,
            _ => State::Unquoted,
        };
        if ends_line(bytes, i) {
            line += 1;
        }
    }
    opened.filter(|_| state == State::Quoted)
}

fn expected(required: &[&str], optional: &[&str]) -> String {
    let all: Vec<&str> = required.iter().chain(optional).copied().collect();
    format!("\"{}\"", all.join(","))
}

/// Where each expected column is in the file; `None` (with problems on the header's `line`)
/// when the header is not usable.
fn header_positions(
    header: &csv::ByteRecord,
    line: u64,
    required: &[&str],
    optional: &[&str],
    problems: &mut Vec<LineProblem>,
) -> Option<Vec<Option<usize>>> {
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.trim().to_lowercase()),
            Err(_) => {
                problems.push(LineProblem::new(line, "the header is not valid UTF-8"));
                return None;
            }
        }
    }
    let start = problems.len();
    for (i, name) in names.iter().enumerate() {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            problems.push(LineProblem::new(
                line,
                format!(
                    "unknown column {name:?}; expected the header {}",
                    expected(required, optional)
                ),
            ));
        } else if names[..i].contains(name) {
            problems.push(LineProblem::new(
                line,
                format!("column {name:?} appears twice"),
            ));
        }
    }
    for column in required {
        if !names.iter().any(|n| n == column) {
            problems.push(LineProblem::new(
                line,
                format!(
                    "missing column {column:?}; expected the header {}",
                    expected(required, optional)
                ),
            ));
        }
    }
    if problems.len() > start {
        return None;
    }
    let position = |column: &&str| names.iter().position(|n| n == column);
    Some(required.iter().chain(optional).map(position).collect())
}

/// An error of the csv crate itself, on its line, in plain words.
fn read_error(e: &csv::Error, line: u64) -> LineProblem {
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8: save the file as UTF-8".to_owned(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, but the header names {expected_len}"),
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("cannot read the file: {e}"),
    };
    LineProblem::new(line, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_by_header_name_with_a_bom() {
        let text = "\u{feff}b,a\n1,2\n\n,\n3,4\n";
        let file = read_csv(text.as_bytes(), &["a", "b"], &["c"]);
        assert!(file.problems.is_empty());
        let lines: Vec<_> = file
            .lines
            .iter()
            .map(|l| (l.line, l.fields.clone()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (2, vec!["2".to_owned(), "1".to_owned(), String::new()]),
                (5, vec!["4".to_owned(), "3".to_owned(), String::new()]),
            ]
        );
    }

    #[test]
    fn reports_a_bad_header_and_bad_lines() {
        let file = read_csv("a,x\n".as_bytes(), &["a", "b"], &[]);
        assert_eq!(file.problems.len(), 2);
        let file = read_csv(b"a\n1\n\xff\n1,2\n".as_slice(), &["a"], &[]);
        let lines: Vec<_> = file.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4]);
    }

    /// The problems of a file, as printed.
    fn problems(text: &[u8]) -> Vec<String> {
        let file = read_csv(text, &["a", "b"], &[]);
        file.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn an_unclosed_quote_is_named_on_its_line_and_the_lines_before_it_are_read() {
        let text = b"a,b\n1,\"one\n2,two\n3,three\n";
        let file = read_csv(text.as_slice(), &["a", "b"], &[]);
        assert_eq!(
            file.problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec!["line 2: a quoted field opened here is never closed"]
        );
        assert!(file.lines.is_empty());
        let text =
            b"a,b\r\n1,\"one, \"\"quoted\"\"\r\nand on\"\r\n\r\n2,x\"y\r\n3,\"thr\"ee\r\n4,\"";
        let mut file = read_csv(text.as_slice(), &["a", "b"], &[]);
        file.problems.sort();
        let lines: Vec<u64> = file.lines.iter().map(|l| l.line).collect();
        assert_eq!(lines, vec![5, 6]);
        assert_eq!(file.lines[0].fields[1], "x\"y");
        assert_eq!(file.lines[1].fields[1], "three");
        assert_eq!(
            file.problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "line 2: b contains a control character (U+000D) at position 14",
                "line 7: a quoted field opened here is never closed",
            ]
        );
        assert_eq!(
            problems(b"\"a,b\n1,2\n"),
            vec!["line 1: a quoted field opened here is never closed"]
        );
    }

    #[test]
    fn lines_are_those_of_the_file_with_crlf_and_blank_lines() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["", "a,b", "1,2", "", "", "3,4,5", "6,\u{7}", ""].join(end);
            let file = read_csv(text.as_bytes(), &["a", "b"], &[]);
            let lines: Vec<u64> = file.lines.iter().map(|l| l.line).collect();
            let problems: Vec<u64> = file.problems.iter().map(|p| p.line).collect();
            assert_eq!((lines, problems), (vec![3], vec![6, 7]), "{end:?}");
        }
    }

    #[test]
    fn control_characters_are_named_with_their_line_and_column() {
        assert_eq!(
            problems(b"a,b\nLA,T\x07n\n\nLA-X,\"x\ty\"\nLA\x00,z\x7f\n"),
            vec![
                "line 2: b contains a control character (U+0007) at position 2",
                "line 4: b contains a control character (U+0009) at position 2",
                "line 5: a contains a control character (U+0000) at position 3",
                "line 5: b contains a control character (U+007F) at position 2",
            ]
        );
    }
}
