//! Ordering rows by computed values: rates from the sums, amounts exactly. A row without the
//! value sorts last in either direction; ties go by unit code, then case type code, so that a
//! ranking is the same every time.

use crate::outcome::Field;
use crate::stats::{Measured, SortField, SortKey, StatsRow};
use std::cmp::Ordering;

/// Sorts the rows by the keys, in order of the keys; no keys keeps their order.
pub(super) fn order(rows: &mut [StatsRow], keys: &[SortKey]) {
    if keys.is_empty() {
        return;
    }
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|k| by_key(a, b, *k))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| a.case_type.cmp(&b.case_type))
    });
}

/// The order of two rows by one key.
fn by_key(a: &StatsRow, b: &StatsRow, key: SortKey) -> Ordering {
    use SortField::*;
    fn measured(row: &StatsRow, field: SortField) -> &Measured {
        match field {
            CasesRate | CasesEnforceable | CasesResolved => &row.cases,
            MoneyRate | MoneyEnforceable | MoneyResolved => &row.money,
        }
    }
    let (a, b) = (measured(a, key.field), measured(b, key.field));
    match key.field {
        CasesRate | MoneyRate => present_first(a.rate(), b.rate(), key, f64::total_cmp),
        CasesEnforceable | MoneyEnforceable => present_first(
            a.get(Field::Enforceable),
            b.get(Field::Enforceable),
            key,
            i64::cmp,
        ),
        CasesResolved | MoneyResolved => present_first(a.resolved(), b.resolved(), key, i64::cmp),
    }
}

/// Values in the key's direction, missing values after all present ones.
fn present_first<T>(
    a: Option<T>,
    b: Option<T>,
    key: SortKey,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) if key.descending => cmp(&y, &x),
        (Some(x), Some(y)) => cmp(&x, &y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
