//! The value of one cell: a whole number of cases, an exact amount of money, or a rate.
//!
//! Numbers arrive as numbers (floats from .xlsx, sometimes integers from .xls), as the saved
//! result of a formula, or as text written the Vietnamese way: dots group thousands
//! (`1.234.567`), so do spaces (`1 234 567`, also non-breaking), and the comma is the decimal
//! mark (`1,5`). Empty and a dash mean 0. Text is read into an exact decimal, never through a
//! float, so money is multiplied by its unit exactly. Reading allocates nothing unless the cell
//! is wrong.

use calamine::Data;
use thads_domain::{Arg, Problem, ProblemCode};

/// A number read exactly from text: `digits` × 10^-`decimals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    /// All the digits, as one whole number.
    pub digits: u128,
    /// How many of them follow the decimal mark.
    pub decimals: u32,
}

impl Decimal {
    /// The number times `scale`, when that is a whole number that fits.
    pub fn scaled(self, scale: i64) -> Result<i64, ValueError> {
        let scale = u128::try_from(scale).map_err(|_| ValueError::TooLarge)?;
        let product = self.digits.checked_mul(scale).ok_or(ValueError::TooLarge)?;
        let unit = 10u128
            .checked_pow(self.decimals)
            .ok_or(ValueError::TooLarge)?;
        if product % unit != 0 {
            return Err(ValueError::NotWhole);
        }
        i64::try_from(product / unit).map_err(|_| ValueError::TooLarge)
    }

    fn to_f64(self) -> f64 {
        self.digits as f64 / 10f64.powi(self.decimals as i32)
    }
}

/// Text read as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextNumber {
    /// Nothing but spaces.
    Blank,
    /// A dash, which means 0.
    Dash,
    /// A number.
    Number(Decimal),
}

/// Why a cell is not an acceptable value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueError {
    /// Text that is not a number, a date, a truth value.
    NotANumber,
    /// Below zero.
    Negative,
    /// An error value such as `#REF!`, or its text.
    ErrorValue(String),
    /// A count or amount with a fraction left.
    NotWhole,
    /// Too many digits to hold.
    TooLarge,
    /// A formula whose result was never saved.
    Uncached,
}

/// Most digits a number may have: far above any amount, far below overflow of the arithmetic.
const MAX_DIGITS: u32 = 30;

/// Reads Vietnamese-style number text.
pub(crate) fn parse_text(text: &str) -> Result<TextNumber, ValueError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(TextNumber::Blank);
    }
    if matches!(t, "-" | "–" | "—" | "−") {
        return Ok(TextNumber::Dash);
    }
    if let Some(rest) = t.strip_prefix(['-', '−', '–']) {
        return match parse_unsigned(rest.trim_start()) {
            Ok(d) if d.digits == 0 => Ok(TextNumber::Number(d)),
            Ok(_) => Err(ValueError::Negative),
            Err(e) => Err(e),
        };
    }
    parse_unsigned(t).map(TextNumber::Number)
}

/// Digits with optional thousands groups (dots or spaces, not both) and an optional decimal
/// comma.
fn parse_unsigned(t: &str) -> Result<Decimal, ValueError> {
    let (int_part, frac_part) = match t.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let mut digits: u128 = 0;
    let mut count = 0u32;
    let mut push = |c: char| -> Result<(), ValueError> {
        let d = c.to_digit(10).ok_or(ValueError::NotANumber)?;
        if count > 0 || d > 0 {
            count += 1;
        }
        if count > MAX_DIGITS {
            return Err(ValueError::TooLarge);
        }
        digits = digits * 10 + u128::from(d);
        Ok(())
    };
    let mut separator: Option<char> = None;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            push(c)?;
            group_len += 1;
            continue;
        }
        let kind = if c == '.' {
            '.'
        } else if c.is_whitespace() {
            ' '
        } else {
            return Err(ValueError::NotANumber);
        };
        let first_ok = groups > 0 || (1..=3).contains(&group_len);
        let later_ok = groups == 0 || group_len == 3;
        if separator.is_some_and(|s| s != kind) || !first_ok || !later_ok {
            return Err(ValueError::NotANumber);
        }
        separator = Some(kind);
        groups += 1;
        group_len = 0;
    }
    if group_len == 0 || (groups > 0 && group_len != 3) {
        return Err(ValueError::NotANumber);
    }
    let mut decimals = 0u32;
    if let Some(frac) = frac_part {
        if frac.is_empty() {
            return Err(ValueError::NotANumber);
        }
        for c in frac.chars() {
            if !c.is_ascii_digit() {
                return Err(ValueError::NotANumber);
            }
            push(c)?;
            decimals += 1;
        }
    }
    Ok(Decimal { digits, decimals })
}

/// Whether text is what a spreadsheet shows for an error (`#DIV/0!`, `#N/A`, LibreOffice's
/// `Err:502`); .ods files may give errors as such text.
pub(crate) fn is_error_text(text: &str) -> bool {
    let t = text.trim();
    if let Some(code) = t.strip_prefix("Err:") {
        return !code.is_empty() && code.chars().all(|c| c.is_ascii_digit());
    }
    let Some(body) = t.strip_prefix('#') else {
        return false;
    };
    t == "#N/A"
        || (body.ends_with(['!', '?'])
            && body.len() > 1
            && body[..body.len() - 1]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '/' | '_')))
}

/// Largest float read as an amount: beyond 2^53 a float no longer holds whole numbers exactly.
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A float as a whole number of units once multiplied by `scale`, allowing for the tiny error
/// of binary fractions (e.g. 83837.297 × 1000).
fn whole_from_float(value: f64, scale: i64) -> Result<i64, ValueError> {
    if !value.is_finite() {
        return Err(ValueError::NotANumber);
    }
    if value < 0.0 {
        return Err(ValueError::Negative);
    }
    let x = value * scale as f64;
    if x >= MAX_EXACT_FLOAT {
        return Err(ValueError::TooLarge);
    }
    let rounded = x.round();
    let tolerance = (x * 4.0 * f64::EPSILON).max(1e-6);
    if (x - rounded).abs() > tolerance {
        return Err(ValueError::NotWhole);
    }
    Ok(rounded as i64)
}

/// A cell of a count or money column as a whole number of cases or đồng (`scale` đồng per
/// unit written). Empty and a dash are 0.
pub(crate) fn read_amount(cell: &Data, uncached: bool, scale: i64) -> Result<i64, ValueError> {
    match cell {
        Data::Empty if uncached => Err(ValueError::Uncached),
        Data::Empty => Ok(0),
        Data::Float(f) => whole_from_float(*f, scale),
        Data::Int(i) if *i < 0 => Err(ValueError::Negative),
        Data::Int(i) => i.checked_mul(scale).ok_or(ValueError::TooLarge),
        Data::String(s) if is_error_text(s) => Err(ValueError::ErrorValue(s.trim().to_owned())),
        Data::String(s) => match parse_text(s)? {
            TextNumber::Blank | TextNumber::Dash => Ok(0),
            TextNumber::Number(d) => d.scaled(scale),
        },
        Data::Error(e) => Err(ValueError::ErrorValue(e.to_string())),
        Data::Bool(_) | Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err(ValueError::NotANumber)
        }
    }
}

/// A rate as written: blank, or a number (a dash is 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Written {
    /// Nothing written.
    Blank,
    /// A percentage (or, from a cell formatted as %, a fraction).
    Value(f64),
}

/// A cell of the rate column. Text may use a comma or a dot as the decimal mark, and end in %.
pub(crate) fn read_rate(cell: &Data, uncached: bool) -> Result<Written, ValueError> {
    match cell {
        Data::Empty if uncached => Err(ValueError::Uncached),
        Data::Empty => Ok(Written::Blank),
        Data::Float(f) if !f.is_finite() => Err(ValueError::NotANumber),
        Data::Float(f) if *f < 0.0 => Err(ValueError::Negative),
        Data::Float(f) => Ok(Written::Value(*f)),
        Data::Int(i) if *i < 0 => Err(ValueError::Negative),
        Data::Int(i) => Ok(Written::Value(*i as f64)),
        Data::String(s) if is_error_text(s) => Err(ValueError::ErrorValue(s.trim().to_owned())),
        Data::String(s) => {
            let t = s.trim().trim_end_matches('%').trim_end();
            match parse_text(t) {
                Ok(TextNumber::Blank) => Ok(Written::Blank),
                Ok(TextNumber::Dash) => Ok(Written::Value(0.0)),
                Ok(TextNumber::Number(d)) => Ok(Written::Value(d.to_f64())),
                Err(ValueError::NotANumber) => rate_with_dot(t),
                Err(e) => Err(e),
            }
        }
        Data::Error(e) => Err(ValueError::ErrorValue(e.to_string())),
        Data::Bool(_) | Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err(ValueError::NotANumber)
        }
    }
}

/// A rate written with a dot as the decimal mark ("67.01"): rates have no thousands.
fn rate_with_dot(t: &str) -> Result<Written, ValueError> {
    let (int_part, frac) = t.split_once('.').ok_or(ValueError::NotANumber)?;
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(int_part) || !all_digits(frac) || int_part.len() + frac.len() > 15 {
        return Err(ValueError::NotANumber);
    }
    t.parse::<f64>()
        .map(Written::Value)
        .map_err(|_| ValueError::NotANumber)
}

/// A cell's content as a message quotes it, in either language.
pub(crate) fn shown(cell: &Data) -> Arg {
    match cell {
        Data::Empty => Arg::words("ô trống", "nothing"),
        Data::String(s) => Arg::Text(format!("\"{}\"", s.trim())),
        Data::Float(x) => Arg::Number(*x),
        Data::Int(i) => Arg::Count(*i),
        Data::Bool(b) => Arg::Text(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::Error(e) => Arg::Text(e.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) => Arg::words("một ngày tháng", "a date"),
        Data::DurationIso(_) => Arg::words("một khoảng thời gian", "a duration"),
    }
}

/// The problem of a wrong cell; `unit` names what is counted (cases or đồng).
pub(crate) fn describe(error: &ValueError, cell: &Data, unit: Arg) -> Problem {
    let found = shown(cell);
    match error {
        ValueError::NotANumber => Problem::error(ProblemCode::NotANumber).arg("found", found),
        ValueError::Negative => Problem::error(ProblemCode::Negative).arg("found", found),
        ValueError::ErrorValue(e) => {
            Problem::error(ProblemCode::ErrorValue).arg("found", e.to_string())
        }
        ValueError::NotWhole => Problem::error(ProblemCode::NotWhole)
            .arg("unit", unit)
            .arg("found", found),
        ValueError::TooLarge => Problem::error(ProblemCode::NumberTooLarge).arg("found", found),
        ValueError::Uncached => Problem::error(ProblemCode::FormulaWithoutValue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use thads_domain::Lang;

    fn number(digits: u128, decimals: u32) -> Result<TextNumber, ValueError> {
        Ok(TextNumber::Number(Decimal { digits, decimals }))
    }

    #[test]
    fn vietnamese_number_text() {
        assert_eq!(parse_text("83.837.297"), number(83_837_297, 0));
        assert_eq!(parse_text("1 234 567"), number(1_234_567, 0));
        assert_eq!(parse_text("1\u{a0}234\u{202f}567"), number(1_234_567, 0));
        assert_eq!(parse_text("1,5"), number(15, 1));
        assert_eq!(parse_text("1.234,56"), number(123_456, 2));
        assert_eq!(parse_text(" 42 "), number(42, 0));
        assert_eq!(parse_text("007"), number(7, 0));
        assert_eq!(parse_text(""), Ok(TextNumber::Blank));
        assert_eq!(parse_text("  "), Ok(TextNumber::Blank));
        assert_eq!(parse_text("-"), Ok(TextNumber::Dash));
        assert_eq!(parse_text("–"), Ok(TextNumber::Dash));
        assert_eq!(parse_text("-0"), number(0, 0));
    }

    #[test]
    fn what_is_not_a_number() {
        for text in [
            "abc",
            "1.5",
            "12.34",
            "1.2345",
            "1,234,567",
            "1.234 567",
            "1,",
            ",5",
            "1 23",
            "+5",
            "5đ",
            "1e3",
            "(1)",
        ] {
            assert_eq!(parse_text(text), Err(ValueError::NotANumber), "{text}");
        }
        assert_eq!(parse_text("-5"), Err(ValueError::Negative));
        assert_eq!(parse_text("- 1.000"), Err(ValueError::Negative));
        assert_eq!(parse_text(&"9".repeat(31)), Err(ValueError::TooLarge));
    }

    #[test]
    fn amounts_are_exact() {
        let s = |t: &str| Data::String(t.to_owned());
        assert_eq!(
            read_amount(&s("83.837.297"), false, 1000),
            Ok(83_837_297_000)
        );
        assert_eq!(read_amount(&s("1,5"), false, 1000), Ok(1500));
        assert_eq!(
            read_amount(&s("1,2345"), false, 1000),
            Err(ValueError::NotWhole)
        );
        assert_eq!(read_amount(&s("1,5"), false, 1), Err(ValueError::NotWhole));
        assert_eq!(read_amount(&s("-"), false, 1000), Ok(0));
        assert_eq!(read_amount(&Data::Empty, false, 1000), Ok(0));
        assert_eq!(
            read_amount(&Data::Empty, true, 1000),
            Err(ValueError::Uncached)
        );
        assert_eq!(
            read_amount(&Data::Float(83_837.297), false, 1000),
            Ok(83_837_297)
        );
        assert_eq!(
            read_amount(&Data::Float(134_884_166_000.0), false, 1),
            Ok(134_884_166_000)
        );
        assert_eq!(read_amount(&Data::Float(0.1 + 0.2), false, 10), Ok(3));
        assert_eq!(
            read_amount(&Data::Float(2.5), false, 1),
            Err(ValueError::NotWhole)
        );
        assert_eq!(
            read_amount(&Data::Float(-1.0), false, 1),
            Err(ValueError::Negative)
        );
        assert_eq!(
            read_amount(&Data::Float(1e300), false, 1),
            Err(ValueError::TooLarge)
        );
        assert_eq!(read_amount(&Data::Int(7), false, 1000), Ok(7000));
        assert_eq!(
            read_amount(&Data::Int(i64::MAX), false, 1000),
            Err(ValueError::TooLarge)
        );
        assert_eq!(
            read_amount(&s("99.999.999.999.999.999.999"), false, 1),
            Err(ValueError::TooLarge)
        );
        assert_eq!(
            read_amount(&Data::Bool(true), false, 1),
            Err(ValueError::NotANumber)
        );
    }

    #[test]
    fn errors_as_values_and_as_text() {
        let e = read_amount(&Data::Error(calamine::CellErrorType::Ref), false, 1);
        assert_eq!(e, Err(ValueError::ErrorValue("#REF!".to_owned())));
        for text in ["#DIV/0!", "#N/A", "#NAME?", "#VALUE!", "Err:502"] {
            assert!(is_error_text(text), "{text}");
            let e = read_amount(&Data::String(text.to_owned()), false, 1);
            assert_eq!(e, Err(ValueError::ErrorValue(text.to_owned())));
        }
        assert!(!is_error_text("#1"));
        assert!(!is_error_text("Err:"));
    }

    #[test]
    fn rates() {
        let s = |t: &str| Data::String(t.to_owned());
        assert_eq!(read_rate(&s("7,49"), false), Ok(Written::Value(7.49)));
        assert_eq!(read_rate(&s("63.41"), false), Ok(Written::Value(63.41)));
        assert_eq!(read_rate(&s("63,41%"), false), Ok(Written::Value(63.41)));
        assert_eq!(read_rate(&s("-"), false), Ok(Written::Value(0.0)));
        assert_eq!(read_rate(&Data::Empty, false), Ok(Written::Blank));
        assert_eq!(
            read_rate(&Data::Float(36.18), false),
            Ok(Written::Value(36.18))
        );
        assert_eq!(read_rate(&s("abc"), false), Err(ValueError::NotANumber));
        assert_eq!(
            read_rate(&s("#DIV/0!"), false),
            Err(ValueError::ErrorValue("#DIV/0!".into()))
        );
    }

    #[test]
    fn messages_quote_the_cell() {
        let cases = || Arg::phrase("unit-cases");
        let p = describe(
            &ValueError::NotANumber,
            &Data::String("abc".into()),
            cases(),
        );
        assert_eq!(p.code, ProblemCode::NotANumber);
        assert_eq!(p.message(Lang::En), "expected a number, found \"abc\"");
        assert_eq!(p.message(Lang::Vi), "cần một số, nhưng ô ghi \"abc\"");
        let p = describe(&ValueError::NotWhole, &Data::Float(1.5), cases());
        assert_eq!(
            p.message(Lang::En),
            "expected a whole number of cases, found 1.5"
        );
        assert_eq!(
            p.message(Lang::Vi),
            "cần một số nguyên (tính bằng việc), nhưng ô ghi 1,5"
        );
    }
}
