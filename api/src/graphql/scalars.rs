//! The custom scalars: `Money` and `Count` (whole numbers beyond the 32-bit `Int`), `Date`
//! and `DateTime`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// Reads a whole number that fits an `i64` from a JSON number.
fn whole(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

/// An amount of money in whole đồng, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// An amount of money in whole đồng, written as a JSON integer (never a string, never a
/// fraction). National sums exceed 2³¹, so this is not `Int`: the value is a 64-bit integer,
/// and a JavaScript `number` reads it exactly up to 2⁵³ − 1 (9 007 199 254 740 991 đồng, far
/// beyond any national total).
#[Scalar(name = "Money")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        whole(&value)
            .map(Money)
            .ok_or_else(|| InputValueError::custom("expected a whole number of đồng"))
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// A number of cases (or of other things counted), exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count(pub i64);

/// A count (of cases, files, bytes), written as a JSON integer. Sums over many offices can
/// exceed 2³¹, so this is not `Int`: the value is a 64-bit integer, read exactly by a
/// JavaScript `number` up to 2⁵³ − 1.
#[Scalar(name = "Count")]
impl ScalarType for Count {
    fn parse(value: Value) -> InputValueResult<Self> {
        whole(&value)
            .map(Count)
            .ok_or_else(|| InputValueError::custom("expected a whole number"))
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day, written in ISO 8601 as `yyyy-mm-dd`, e.g. `"2020-06-30"`.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("expected a date written yyyy-mm-dd")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// An instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An instant, written in RFC 3339 in UTC, e.g. `"2020-07-05T08:30:00Z"`.
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|_| InputValueError::custom("expected an RFC 3339 date and time")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_beyond_32_bits_is_a_json_integer() {
        let v = Money(9_007_199_254_740_991).to_value();
        assert_eq!(
            v.into_json().ok(),
            Some(serde_json::json!(9_007_199_254_740_991_i64))
        );
        assert_eq!(
            Money::parse(Value::Number(5_000_000_000_i64.into())).ok(),
            Some(Money(5_000_000_000))
        );
        assert!(Money::parse(Value::String("1".into())).is_err());
    }

    #[test]
    fn dates_are_iso() {
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).map(Date);
        assert_eq!(
            d.map(|d| d.to_value()),
            Some(Value::String("2020-06-30".into()))
        );
        assert_eq!(Date::parse(Value::String("2020-06-30".into())).ok(), d);
        assert!(Date::parse(Value::String("30/06/2020".into())).is_err());
    }
}
