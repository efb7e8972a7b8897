//! The header block of a form sheet: free lines above the table, in any column, often merged.
//! It names the form, the period ("Kỳ báo cáo: 9 tháng năm 2020", "Từ ngày 01/10/2019 đến ngày
//! 30/6/2020", "năm 2020"), the reporting unit ("Đơn vị báo cáo: …") and, on the money form,
//! the unit of money ("Đơn vị tính: 1.000 đồng", also "ĐVT: …"). Other lines ("Đơn vị nhận báo
//! cáo", dates, signatures) are ignored. Text is compared on folded words, so decomposed
//! Unicode, case and punctuation do not count.

use crate::grid::Grid;
use crate::problems::Problems;
use crate::text::{self, Words};
use crate::units::{OutOfForce, UnitError, UnitIndex};
use crate::values::{TextNumber, parse_text};
use chrono::NaiveDate;
use std::sync::LazyLock;
use thads_domain::period::PeriodError;
use thads_domain::{Arg, Form, Period, Problem, ProblemCode};

/// Why a period cannot be read: the reason (the selector of the `bad_period` message) and
/// what was written.
type Why = (&'static str, Arg);

/// The reason a period could not be built.
fn period_why(e: PeriodError) -> Why {
    match e {
        PeriodError::Months(m) => ("months", Arg::Count(m)),
        PeriodError::Year(y) => ("year", Arg::Text(y.to_string())),
        PeriodError::Start(d) => ("start", Arg::Date(d)),
        PeriodError::End(d) => ("end", Arg::Date(d)),
    }
}

fn bad_period((reason, text): Why) -> Problem {
    Problem::error(ProblemCode::BadPeriod)
        .arg("reason", reason)
        .arg("text", text)
}

/// One text cell of the header block.
pub(crate) struct HeaderCell<'a> {
    /// Its row.
    pub row: u32,
    /// Its column.
    pub col: u32,
    /// Its text, trimmed.
    pub text: &'a str,
    /// The folded words of its text.
    pub words: Words,
}

/// The text cells of the given rows, row by row.
pub(crate) fn cells(grid: &Grid, rows: std::ops::Range<u32>) -> Vec<HeaderCell<'_>> {
    let (start, end) = (grid.start().1, grid.end().1);
    let mut out = Vec::new();
    for row in rows {
        for col in start..end {
            if let Some(t) = grid.text(row, col) {
                out.push(HeaderCell {
                    row,
                    col,
                    text: t,
                    words: text::words(t),
                });
            }
        }
    }
    out
}

/// The folded words the header is read with.
struct Vocabulary {
    period_label: Words,
    unit_label: Words,
    recipient_label: Words,
    money_labels: [Words; 2],
    month: String,
    year: String,
    from: String,
    to: String,
    day: String,
    whole: String,
    thousand: [String; 2],
    million: String,
    billion: String,
    dong: [String; 4],
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let w = |t: &str| text::words(t).concat();
    Vocabulary {
        period_label: text::words("Kỳ báo cáo"),
        unit_label: text::words("Đơn vị báo cáo"),
        recipient_label: text::words("Đơn vị nhận báo cáo"),
        money_labels: [text::words("Đơn vị tính"), text::words("ĐVT")],
        month: w("tháng"),
        year: w("năm"),
        from: w("từ"),
        to: w("đến"),
        day: w("ngày"),
        whole: w("cả"),
        thousand: [w("nghìn"), w("ngàn")],
        million: w("triệu"),
        billion: w("tỷ"),
        dong: [w("đồng"), w("đ"), w("vnđ"), w("vnd")],
    }
});

/// What the header block says.
pub(crate) struct Header {
    /// The period and the cell it was read from.
    pub period: Option<(Period, (u32, u32))>,
    /// The reporting office's code and the cell it was read from.
    pub unit: Option<(String, (u32, u32))>,
    /// Đồng per unit written (1 on the cases form).
    pub scale: i64,
}

/// Reads the period, the unit (the office in force at the period's end) and (money form) the
/// unit of money, reporting what is missing or wrong.
pub(crate) fn read(
    grid: &Grid,
    cells: &[HeaderCell<'_>],
    form: Form,
    units: &UnitIndex,
    problems: &mut Problems,
) -> Header {
    let period = read_period(grid, cells, problems);
    Header {
        unit: read_unit(grid, cells, units, period.map(|(p, _)| p), problems),
        period,
        scale: if form == Form::Money {
            read_scale(grid, cells, problems)
        } else {
            1
        },
    }
}

/// The value after a label: in the same cell after the label's words, or in the next text cell
/// to the right. Gives the label cell's index, the value and the value's cell.
fn labelled<'c>(
    cells: &'c [HeaderCell<'_>],
    label: &[String],
) -> impl Iterator<Item = (usize, &'c str, (u32, u32))> {
    cells.iter().enumerate().filter_map(move |(i, c)| {
        if !c.words.starts_with(label) {
            return None;
        }
        let own = text::after_words(c.text, label.len());
        if !own.is_empty() {
            return Some((i, own, (c.row, c.col)));
        }
        let next = cells.get(i + 1).filter(|n| n.row == c.row)?;
        Some((i, text::trim_value(next.text), (next.row, next.col)))
    })
}

fn read_period(
    grid: &Grid,
    cells: &[HeaderCell<'_>],
    problems: &mut Problems,
) -> Option<(Period, (u32, u32))> {
    let v = &*VOCABULARY;
    let mut found: Vec<(Period, (u32, u32))> = Vec::new();
    let mut bad = 0;
    let mut labels = Vec::new();
    for (i, value, at) in labelled(cells, &v.period_label) {
        labels.push(i);
        let why = match labelled_period(&text::words(value)) {
            Some(Ok(p)) => {
                found.push((p, at));
                continue;
            }
            Some(Err(why)) => why,
            None => ("unreadable", Arg::Text(value.to_owned())),
        };
        bad += 1;
        problems.cell(grid, at, bad_period(why));
    }
    for (i, c) in cells.iter().enumerate() {
        if labels.contains(&i) {
            continue;
        }
        match period_in(&c.words) {
            Some(Ok(p)) => found.push((p, (c.row, c.col))),
            Some(Err(why)) => {
                bad += 1;
                problems.cell(grid, (c.row, c.col), bad_period(why));
            }
            None => (),
        }
    }
    let Some(&first) = found.first() else {
        if bad == 0 {
            problems.sheet(grid, Problem::error(ProblemCode::NoPeriod));
        }
        return None;
    };
    if let Some((other, at)) = found.iter().find(|(p, _)| *p != first.0) {
        problems.cell(
            grid,
            *at,
            Problem::error(ProblemCode::PeriodsDisagree)
                .arg("here", other.label())
                .arg("first", first.0.label())
                .arg("at", thads_domain::a1(first.1.0, first.1.1)),
        );
    }
    Some(first)
}

/// A period after "Kỳ báo cáo": any period expression, or "năm 2020" / "cả năm 2020".
fn labelled_period(words: &[String]) -> Option<Result<Period, Why>> {
    let v = &*VOCABULARY;
    if let Some(found) = period_in(words) {
        return Some(found);
    }
    let rest = match words {
        [w, rest @ ..] if *w == v.whole => rest,
        _ => words,
    };
    match rest {
        [w, y] if *w == v.year => {
            let year = year(y)?;
            Some(Period::new(year, 12).map_err(period_why))
        }
        _ => None,
    }
}

/// "9 tháng năm 2020" or "từ ngày 01/10/2019 đến ngày 30/6/2020" anywhere in the words.
fn period_in(words: &[String]) -> Option<Result<Period, Why>> {
    let v = &*VOCABULARY;
    for (i, w) in words.iter().enumerate() {
        if let [n, m, y, yy, ..] = &words[i..]
            && *m == v.month
            && *y == v.year
            && let (Some(months), Some(year)) = (small(n, 2), year(yy))
        {
            return Some(Period::new(year, months).map_err(period_why));
        }
        if *w == v.from
            && let Some(found) = date_range(&words[i + 1..])
        {
            return Some(found);
        }
    }
    None
}

/// After "từ": "[ngày] d m y đến [ngày] d m y".
fn date_range(words: &[String]) -> Option<Result<Period, Why>> {
    let v = &*VOCABULARY;
    let skip_day = |w: &[String]| -> usize { usize::from(w.first().is_some_and(|f| *f == v.day)) };
    let at = skip_day(words);
    let (start, rest) = date(words.get(at..)?)?;
    let rest = rest.strip_prefix(std::slice::from_ref(&v.to))?;
    let (end, _) = date(rest.get(skip_day(rest)..)?)?;
    Some(match (start, end) {
        (Ok(s), Ok(e)) => Period::from_dates(s, e).map_err(period_why),
        (Err(bad), _) | (_, Err(bad)) => Err(("not_a_date", Arg::Text(bad))),
    })
}

/// "d m y" (or "d tháng m năm y") as a date, or the text of an impossible one, and the words
/// after it.
fn date(words: &[String]) -> Option<(Result<NaiveDate, String>, &[String])> {
    let v = &*VOCABULARY;
    let (d, rest) = words.split_first()?;
    let rest = rest
        .strip_prefix(std::slice::from_ref(&v.month))
        .unwrap_or(rest);
    let (m, rest) = rest.split_first()?;
    let rest = rest
        .strip_prefix(std::slice::from_ref(&v.year))
        .unwrap_or(rest);
    let (y, rest) = rest.split_first()?;
    let (day, month, year) = (small(d, 2)?, small(m, 2)?, year(y)?);
    let parsed = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month as u32, day as u32))
        .ok_or_else(|| format!("{d}/{m}/{y}"));
    Some((parsed, rest))
}

/// A number of at most `digits` digits.
fn small(word: &str, digits: usize) -> Option<i64> {
    (!word.is_empty() && word.len() <= digits && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// A four-digit year.
fn year(word: &str) -> Option<i64> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The office the header names, in force on the last day of `period` when it is known. An
/// office named but out of force then is still given (the file is its, though refused), with
/// the problem that says who reports instead.
fn read_unit(
    grid: &Grid,
    cells: &[HeaderCell<'_>],
    units: &UnitIndex,
    period: Option<Period>,
    problems: &mut Problems,
) -> Option<(String, (u32, u32))> {
    let v = &*VOCABULARY;
    let Some((_, name, at)) = labelled(cells, &v.unit_label).next() else {
        problems.sheet(grid, Problem::error(ProblemCode::NoUnit));
        return None;
    };
    // "Đơn vị báo cáo: X    Đơn vị nhận báo cáo: Y" typed on one line.
    let name = match text::find(&text::words(name), &v.recipient_label) {
        Some(at) => text::before_word(name, at),
        None => name,
    };
    let header: Vec<Words> = cells.iter().map(|c| c.words.clone()).collect();
    match units.resolve(name, &header, period.map(Period::end)) {
        Ok(code) => Some((code.to_owned(), at)),
        Err(UnitError::OutOfForce(out)) => {
            let (office, problem) = out_of_force(name, &out, period);
            problems.cell(grid, at, problem);
            Some((office, at))
        }
        Err(UnitError::Unknown) => {
            problems.cell(
                grid,
                at,
                Problem::error(ProblemCode::UnknownUnit).arg("name", name),
            );
            None
        }
        Err(UnitError::Ambiguous(candidates)) => {
            let list = candidates
                .iter()
                .map(|(code, full)| Arg::unit(code.as_str(), full.as_str()))
                .collect();
            problems.cell(
                grid,
                at,
                Problem::error(ProblemCode::AmbiguousUnit)
                    .arg("name", name)
                    .arg("candidates", Arg::List(list)),
            );
            None
        }
    }
}

/// The office an out-of-force error names, and the problem: the office, its last (or first)
/// day, and who reports for the period instead, by name.
fn out_of_force(name: &str, error: &OutOfForce, period: Option<Period>) -> (String, Problem) {
    let unit = |(code, full): &(String, String)| Arg::unit(code.as_str(), full.as_str());
    let (change, office, day, instead) = match error {
        OutOfForce::Ended {
            office,
            to,
            successor,
        } => (
            "ended",
            office,
            *to,
            successor.iter().map(unit).collect::<Vec<_>>(),
        ),
        OutOfForce::NotStarted {
            office,
            from,
            predecessors,
        } => (
            "started",
            office,
            *from,
            predecessors.iter().map(unit).collect(),
        ),
    };
    let instead = if instead.is_empty() {
        Arg::Text("none".to_owned())
    } else {
        Arg::List(instead)
    };
    let unknown = || Arg::phrase("unknown");
    let problem = Problem::error(ProblemCode::UnitNotInForce)
        .arg("name", name)
        .arg("office", unit(office))
        .arg("change", change)
        .arg("day", day)
        .arg(
            "period",
            period.map_or_else(unknown, |p| Arg::Text(p.label())),
        )
        .arg("end", period.map_or_else(unknown, |p| Arg::Date(p.end())))
        .arg("instead", instead);
    (office.0.clone(), problem)
}

fn read_scale(grid: &Grid, cells: &[HeaderCell<'_>], problems: &mut Problems) -> i64 {
    let v = &*VOCABULARY;
    let found = v
        .money_labels
        .iter()
        .find_map(|l| labelled(cells, l).next());
    let Some((_, value, at)) = found else {
        problems.sheet(grid, Problem::error(ProblemCode::NoMoneyUnit));
        return 1;
    };
    parse_scale(value).unwrap_or_else(|| {
        problems.cell(
            grid,
            at,
            Problem::error(ProblemCode::BadMoneyUnit).arg("text", value),
        );
        1
    })
}

/// Đồng per unit written: "1.000 đồng" → 1000, "đồng" → 1, "triệu đồng" → 1 000 000.
pub(crate) fn parse_scale(value: &str) -> Option<i64> {
    let v = &*VOCABULARY;
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c.is_whitespace()))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let mut scale = match parse_text(number).ok()? {
        TextNumber::Blank => 1,
        TextNumber::Number(d) => d.scaled(1).ok()?,
        TextNumber::Dash => return None,
    };
    let words = text::words(unit);
    let (currency, multipliers) = words.split_last()?;
    if !v.dong.contains(currency) {
        return None;
    }
    for w in multipliers {
        let factor = if v.thousand.contains(w) {
            1_000
        } else if *w == v.million {
            1_000_000
        } else if *w == v.billion {
            1_000_000_000
        } else {
            return None;
        };
        scale = scale.checked_mul(factor)?;
    }
    (1..=1_000_000_000_000).contains(&scale).then_some(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Option<Result<Period, Why>> {
        period_in(&text::words(text))
    }

    fn p(year: i64, months: i64) -> Period {
        Period::new(year, months).unwrap()
    }

    #[test]
    fn periods_as_offices_write_them() {
        assert_eq!(period("Kỳ báo cáo: 9 tháng năm 2020"), Some(Ok(p(2020, 9))));
        assert_eq!(period("12 THÁNG NĂM 2020"), Some(Ok(p(2020, 12))));
        assert_eq!(
            period("(Từ ngày 01/10/2018 đến ngày 31/1/2019)"),
            Some(Ok(p(2019, 4)))
        );
        assert_eq!(period("Từ 1-10-2019 đến 30-6-2020"), Some(Ok(p(2020, 9))));
        assert_eq!(
            period("(Từ ngày 01 tháng 10 năm 2019 đến ngày 30 tháng 6 năm 2020)"),
            Some(Ok(p(2020, 9)))
        );
        assert_eq!(
            labelled_period(&text::words("năm 2020")),
            Some(Ok(p(2020, 12)))
        );
        assert_eq!(
            labelled_period(&text::words("cả năm 2021")),
            Some(Ok(p(2021, 12)))
        );
        assert_eq!(period("năm 2020"), None);
        assert_eq!(period("Long An, ngày 05 tháng 7 năm 2020"), None);
        assert_eq!(period("Năm trước chuyển sang"), None);
    }

    #[test]
    fn wrong_periods_say_why() {
        let start = period("Từ ngày 01/9/2019 đến ngày 30/6/2020")
            .unwrap()
            .unwrap_err();
        assert_eq!(start.0, "start");
        let end = period("Từ ngày 01/10/2019 đến ngày 29/6/2020")
            .unwrap()
            .unwrap_err();
        assert_eq!(end.0, "end");
        let text = bad_period(end).message(thads_domain::Lang::Vi);
        assert!(text.contains("29/06/2020"), "{text}");
        assert_eq!(
            period("Từ ngày 01/10/2019 đến ngày 31/6/2020"),
            Some(Err(("not_a_date", Arg::Text("31/6/2020".to_owned()))))
        );
        assert!(period("13 tháng năm 2020").unwrap().is_err());
    }

    #[test]
    fn units_of_money() {
        assert_eq!(parse_scale("1.000 đồng"), Some(1000));
        assert_eq!(parse_scale("đồng"), Some(1));
        assert_eq!(parse_scale("Đồng"), Some(1));
        assert_eq!(parse_scale("triệu đồng"), Some(1_000_000));
        assert_eq!(parse_scale("nghìn đồng"), Some(1000));
        assert_eq!(parse_scale("1.000.000 đồng"), Some(1_000_000));
        assert_eq!(parse_scale("1000đ"), Some(1000));
        assert_eq!(parse_scale("VNĐ"), Some(1));
        assert_eq!(parse_scale("việc"), None);
        assert_eq!(parse_scale("1.5 đồng"), None);
        assert_eq!(parse_scale(""), None);
    }
}
