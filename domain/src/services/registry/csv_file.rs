//! Reading a registry CSV file: UTF-8, a header row naming the columns, a BOM tolerated, every
//! line kept with its 1-based number (the header is line 1). A field holding a control
//! character is reported with its line and column.

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
}

/// Reads a file whose header must hold every column of `required` and may hold those of
/// `optional`, in any order. Fields come back in the order `required` then `optional`.
pub(crate) fn read_csv(reader: impl Read, required: &[&str], optional: &[&str]) -> CsvFile {
    let mut file = CsvFile {
        lines: Vec::new(),
        problems: Vec::new(),
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
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
            file.problems.push(LineProblem::new(1, read_error(&e)));
            return file;
        }
        Some(Ok(record)) => record,
    };
    let Some(positions) = header_positions(&header, required, optional, &mut file.problems) else {
        return file;
    };
    let columns: Vec<&str> = required.iter().chain(optional).copied().collect();
    let mut last_line = 1;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(last_line + 1, |p| p.line());
                file.problems.push(LineProblem::new(line, read_error(&e)));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(last_line + 1, |p| p.line());
        last_line = line;
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

fn expected(required: &[&str], optional: &[&str]) -> String {
    let all: Vec<&str> = required.iter().chain(optional).copied().collect();
    format!("\"{}\"", all.join(","))
}

/// Where each expected column is in the file; `None` (with problems on line 1) when the header
/// is not usable.
fn header_positions(
    header: &csv::ByteRecord,
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
                problems.push(LineProblem::new(1, "the header is not valid UTF-8"));
                return None;
            }
        }
    }
    let start = problems.len();
    for (i, name) in names.iter().enumerate() {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            problems.push(LineProblem::new(
                1,
                format!(
                    "unknown column {name:?}; expected the header {}",
                    expected(required, optional)
                ),
            ));
        } else if names[..i].contains(name) {
            problems.push(LineProblem::new(
                1,
                format!("column {name:?} appears twice"),
            ));
        }
    }
    for column in required {
        if !names.iter().any(|n| n == column) {
            problems.push(LineProblem::new(
                1,
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

fn read_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8: save the file as UTF-8".to_owned(),
        _ => format!("cannot read the file: {e}"),
    }
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

    #[test]
    fn control_characters_are_named_with_their_line_and_column() {
        let file = read_csv(
            b"a,b\nLA,T\x07n\nLA-X,\"x\ty\"\nLA\x00,z\x7f\n".as_slice(),
            &["a", "b"],
            &[],
        );
        let problems: Vec<String> = file.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            vec![
                "line 2: b contains a control character (U+0007) at position 2",
                "line 3: b contains a control character (U+0009) at position 2",
                "line 4: a contains a control character (U+0000) at position 3",
                "line 4: b contains a control character (U+007F) at position 2",
            ]
        );
        assert!(file.lines.is_empty());
    }
}
