//! Vietnamese number notation, as a provincial department writes figures in its reports: a dot
//! groups thousands and a comma marks decimals ("1.234.567", "59,10 %"); money is written in
//! đồng, or in millions ("triệu") or billions ("tỷ") where a person would write it so.
//!
//! Used by the consolidated report's text and by the Vietnamese messages of problems.
//!
//! Money is rounded in integers (half away from zero), never through floating point; rates and
//! gaps, which are floating point already, are rounded to two decimals.

/// One million đồng.
const MILLION: i64 = 1_000_000;
/// One billion đồng.
const BILLION: i64 = 1_000_000_000;

/// Digits grouped by three with dots: `1234567` → "1.234.567", `-1234` → "-1.234".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

/// A number with two decimals: `59.1` → "59,10", `1234.5` → "1.234,50".
pub fn decimal2(x: f64) -> String {
    let hundredths = (x * 100.0).round() as i64;
    scaled(hundredths, 2)
}

/// A rate or a difference of rates in percent: `59.1` → "59,10 %".
pub fn percent(x: f64) -> String {
    format!("{} %", decimal2(x))
}

/// An amount in whole đồng: `1234567` → "1.234.567 đồng".
pub fn dong(amount: i64) -> String {
    format!("{} đồng", count(amount))
}

/// An amount as a person writes it: from a billion up in billions with two decimals ("12,35
/// tỷ đồng"), from a million up in millions with one decimal ("567,8 triệu đồng"), below that
/// in đồng ("950.000 đồng"). Between millions and billions the scale is chosen after
/// rounding, so 999.960.000 đồng is "1,00 tỷ đồng", not "1.000,0 triệu đồng".
pub fn money(amount: i64) -> String {
    if amount.unsigned_abs() < MILLION.unsigned_abs() {
        return dong(amount);
    }
    let tenths_of_million = rounded(amount, MILLION / 10);
    if tenths_of_million.unsigned_abs() < 10_000 {
        return format!("{} triệu đồng", scaled(tenths_of_million, 1));
    }
    format!("{} tỷ đồng", scaled(rounded(amount, BILLION / 100), 2))
}

/// A number as it was found, with as many decimals as it holds (up to six): `1.5` → "1,5",
/// `1234567.0` → "1.234.567".
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let millionths = (x * 1e6).round();
    if millionths.abs() >= 9e18 {
        return x.to_string();
    }
    let shown = scaled(millionths as i64, 6);
    match shown.split_once(',') {
        Some((whole, fraction)) if fraction.trim_end_matches('0').is_empty() => whole.to_owned(),
        Some((whole, fraction)) => format!("{whole},{}", fraction.trim_end_matches('0')),
        None => shown,
    }
}

/// An amount of whole đồng in the unit a sheet is written in (`scale` đồng per unit, a power
/// of ten): `(1_500, 1000)` → "1,5", `(1_234_000, 1000)` → "1.234".
pub fn amount(value: i64, scale: i64) -> String {
    let scale = scale.max(1);
    let places = scale.ilog10();
    if 10_i64.pow(places) != scale {
        return dong(value);
    }
    let shown = scaled(value, places);
    match shown.split_once(',') {
        Some((whole, fraction)) if fraction.trim_end_matches('0').is_empty() => whole.to_owned(),
        Some((whole, fraction)) => format!("{whole},{}", fraction.trim_end_matches('0')),
        None => shown,
    }
}

/// `amount / step`, rounded half away from zero.
fn rounded(amount: i64, step: i64) -> i64 {
    let half = step / 2;
    let magnitude = (i128::from(amount).abs() + i128::from(half)) / i128::from(step);
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    if amount < 0 { -magnitude } else { magnitude }
}

/// A whole number of `10^-places` units written with its decimals: `(12345, 2)` → "123,45".
fn scaled(units: i64, places: u32) -> String {
    let base = 10_i64.pow(places);
    let whole = units.unsigned_abs() / base.unsigned_abs();
    let fraction = units.unsigned_abs() % base.unsigned_abs();
    let sign = if units < 0 { "-" } else { "" };
    let whole = count(i64::try_from(whole).unwrap_or(i64::MAX));
    if places == 0 {
        return format!("{sign}{whole}");
    }
    format!("{sign}{whole},{fraction:0width$}", width = places as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_with_dots() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1.000");
        assert_eq!(count(1_234), "1.234");
        assert_eq!(count(1_234_567), "1.234.567");
        assert_eq!(count(-12_345), "-12.345");
    }

    #[test]
    fn rates_have_a_comma_and_two_decimals() {
        assert_eq!(percent(59.1), "59,10 %");
        assert_eq!(percent(100.0), "100,00 %");
        assert_eq!(percent(0.0), "0,00 %");
        // 1234 / 2088 × 100 = 59.0996…
        assert_eq!(percent(1234.0 / 2088.0 * 100.0), "59,10 %");
        // 2 / 3 × 100 = 66.666…
        assert_eq!(percent(200.0 / 3.0), "66,67 %");
        assert_eq!(percent(-20.9), "-20,90 %");
        assert_eq!(percent(1234.5), "1.234,50 %");
    }

    #[test]
    fn numbers_as_found_and_amounts_in_the_sheets_unit() {
        assert_eq!(number(1.5), "1,5");
        assert_eq!(number(1_234_567.0), "1.234.567");
        assert_eq!(number(-0.25), "-0,25");
        assert_eq!(amount(1_500, 1000), "1,5");
        assert_eq!(amount(1_234_000, 1000), "1.234");
        assert_eq!(amount(138, 1), "138");
        assert_eq!(amount(-500, 1000), "-0,5");
        assert_eq!(amount(7, 3), "7 đồng");
    }

    #[test]
    fn money_in_dong() {
        assert_eq!(dong(1_234_567), "1.234.567 đồng");
        assert_eq!(dong(0), "0 đồng");
    }

    #[test]
    fn money_as_a_person_writes_it() {
        // 12.345.678.901 đồng = 12,345… tỷ → 12,35 tỷ.
        assert_eq!(money(12_345_678_901), "12,35 tỷ đồng");
        // 567.800.000 đồng = 567,8 triệu.
        assert_eq!(money(567_800_000), "567,8 triệu đồng");
        // 567.849.999 → 567,8 triệu; 567.850.000 → 567,9 triệu (half away from zero).
        assert_eq!(money(567_849_999), "567,8 triệu đồng");
        assert_eq!(money(567_850_000), "567,9 triệu đồng");
        // 999.960.000 rounds to 1.000,0 triệu, which is written 1,00 tỷ.
        assert_eq!(money(999_960_000), "1,00 tỷ đồng");
        assert_eq!(money(1_000_000_000), "1,00 tỷ đồng");
        // 1.234.560.000.000 = 1.234,56 tỷ.
        assert_eq!(money(1_234_560_000_000), "1.234,56 tỷ đồng");
        assert_eq!(money(1_000_000), "1,0 triệu đồng");
        assert_eq!(money(950_000), "950.000 đồng");
        assert_eq!(money(999_999), "999.999 đồng");
        // 1.049.999 đồng = 1,049… triệu → 1,0 triệu.
        assert_eq!(money(1_049_999), "1,0 triệu đồng");
        assert_eq!(money(-2_500_000_000), "-2,50 tỷ đồng");
    }
}
