//! The values a problem's message is made of, kept typed so that each language writes them
//! its own way: numbers in Vietnamese notation in Vietnamese ("1.234.567", "59,10"), dates as
//! "30/06/2025", units by their registry names.

use crate::lang::Lang;
use crate::notation;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The arguments of a problem's message, by name.
pub type Args = BTreeMap<String, Arg>;

/// One value of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Text as found or named (a label, a heading, a sheet), the same in every language.
    Text(String),
    /// A whole number: "1.234" in Vietnamese, "1234" in English.
    Count(i64),
    /// A signed difference: "+1.234", "-5".
    Difference(i64),
    /// A computed value with two decimals, e.g. a rate: "59,10" / "59.10".
    Decimal(f64),
    /// A number as it was found in a cell: "1,5" / "1.5".
    Number(f64),
    /// An amount of đồng in the unit its sheet is written in (`scale` đồng per unit).
    Amount {
        /// Whole đồng.
        value: i64,
        /// Đồng per unit written, e.g. 1000.
        scale: i64,
    },
    /// A day: "30/06/2025" / "2025-06-30".
    Date(NaiveDate),
    /// Words that differ by language.
    Words {
        /// In Vietnamese.
        vi: String,
        /// In English.
        en: String,
    },
    /// A phrase of the message files, by its id (e.g. the identity a row breaks), without
    /// arguments.
    Phrase(String),
    /// A unit of the registry, named by its name and code: "Chi cục … Cần Giuộc (LA-CANGIUOC)".
    Unit {
        /// Its code.
        code: String,
        /// Its name in the registry.
        name: String,
    },
    /// Several values, separated by commas.
    List(Vec<Arg>),
}

impl Arg {
    /// Words in both languages.
    pub fn words(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Arg::Words {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// A unit by its code and registry name.
    pub fn unit(code: impl Into<String>, name: impl Into<String>) -> Self {
        Arg::Unit {
            code: code.into(),
            name: name.into(),
        }
    }

    /// A phrase of the message files.
    pub fn phrase(id: impl Into<String>) -> Self {
        Arg::Phrase(id.into())
    }

    /// Texts, each quoted: `"a", "b"`.
    pub fn quoted<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Self {
        Arg::List(
            items
                .into_iter()
                .map(|s| Arg::Text(format!("\"{}\"", s.as_ref())))
                .collect(),
        )
    }

    /// The value written in a language.
    pub fn render(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Arg::Text(t) => t.clone(),
            Arg::Count(n) if vi => notation::count(*n),
            Arg::Count(n) => n.to_string(),
            Arg::Difference(n) => {
                let sign = if *n > 0 { "+" } else { "" };
                let shown = Arg::Count(*n).render(lang);
                format!("{sign}{shown}")
            }
            Arg::Decimal(x) if vi => notation::decimal2(*x),
            Arg::Decimal(x) => format!("{x:.2}"),
            Arg::Number(x) if vi => notation::number(*x),
            Arg::Number(x) => x.to_string(),
            Arg::Amount { value, scale } if vi => notation::amount(*value, *scale),
            Arg::Amount { value, scale } => english_amount(*value, *scale),
            Arg::Date(d) if vi => d.format("%d/%m/%Y").to_string(),
            Arg::Date(d) => d.to_string(),
            Arg::Words { vi: v, .. } if vi => v.clone(),
            Arg::Words { en, .. } => en.clone(),
            Arg::Phrase(id) => {
                crate::messages::render(id, &[], lang).unwrap_or_else(|_| id.clone())
            }
            Arg::Unit { code, name } => format!("{name} ({code})"),
            Arg::List(items) => {
                let items: Vec<String> = items.iter().map(|a| a.render(lang)).collect();
                items.join(", ")
            }
        }
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Count(n)
    }
}

impl From<u16> for Arg {
    fn from(n: u16) -> Self {
        Arg::Count(i64::from(n))
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Count(i64::from(n))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Date(d)
    }
}

/// An amount in the sheet's unit with a dot for decimals: `(1_500, 1000)` → "1.5".
fn english_amount(value: i64, scale: i64) -> String {
    if scale <= 1 || value % scale == 0 {
        return (value / scale.max(1)).to_string();
    }
    let digits = scale.ilog10();
    if 10i64.pow(digits) != scale {
        return format!("{value} đồng");
    }
    let sign = if value < 0 { "-" } else { "" };
    let (v, s) = (value.unsigned_abs(), scale.unsigned_abs());
    let fraction = format!("{:0width$}", v % s, width = digits as usize);
    format!("{sign}{}.{}", v / s, fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_numbers_its_way() {
        assert_eq!(Arg::Count(1_234_567).render(Lang::Vi), "1.234.567");
        assert_eq!(Arg::Count(1_234_567).render(Lang::En), "1234567");
        assert_eq!(Arg::Decimal(59.1).render(Lang::Vi), "59,10");
        assert_eq!(Arg::Decimal(59.1).render(Lang::En), "59.10");
        assert_eq!(Arg::Difference(1).render(Lang::Vi), "+1");
        assert_eq!(Arg::Difference(-1234).render(Lang::Vi), "-1.234");
        let amount = Arg::Amount {
            value: 1_500,
            scale: 1000,
        };
        assert_eq!(amount.render(Lang::Vi), "1,5");
        assert_eq!(amount.render(Lang::En), "1.5");
        let day = NaiveDate::from_ymd_opt(2025, 6, 30).map(Arg::Date);
        assert_eq!(
            day.map(|d| d.render(Lang::Vi)).as_deref(),
            Some("30/06/2025")
        );
        let unit = Arg::unit("LA-CANGIUOC", "Chi cục Thi hành án dân sự huyện Cần Giuộc");
        assert_eq!(
            unit.render(Lang::En),
            "Chi cục Thi hành án dân sự huyện Cần Giuộc (LA-CANGIUOC)"
        );
    }
}
