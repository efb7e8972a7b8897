//! Report values picked by hand for the statistics and API tests: each row is given as
//! `(case type, enforceable, resolved)` and expanded into every column so that every identity
//! of the forms holds, and expected answers are computed from the same rows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use thads_domain::{Field, Form, Outcome};

/// One row of a report: case type, enforceable, resolved.
pub type Row = (&'static str, i64, i64);

/// Values that hold every identity, from the enforceable and resolved amounts. Every part is
/// a whole multiple of `step` (e.g. 1 000 đồng for workbooks written in `1.000 đồng`).
pub fn outcome(form: Form, enforceable: i64, resolved: i64, step: i64) -> Outcome {
    assert_eq!(enforceable % step, 0);
    assert_eq!(resolved % step, 0);
    let (e, r) = (enforceable / step, resolved / step);
    let reduced = if form == Form::Money { r / 5 } else { 0 };
    let dismissed = r / 3;
    let not_enforceable = e / 4;
    let to_enforce = e + not_enforceable;
    let entrusted = 1;
    let total = to_enforce + entrusted;
    let carried_over = total / 2;
    let o = Outcome::from_pairs(
        [
            (Field::TotalAccepted, total),
            (Field::CarriedOver, carried_over),
            (Field::NewlyAccepted, total - carried_over),
            (Field::Entrusted, entrusted),
            (Field::ToEnforce, to_enforce),
            (Field::Enforceable, e),
            (Field::Completed, r - dismissed - reduced),
            (Field::Dismissed, dismissed),
            (Field::Reduced, reduced),
            (Field::InProgress, e - r),
            (Field::NotEnforceable, not_enforceable),
            (Field::CarriedForward, to_enforce - r),
        ]
        .map(|(f, v)| (f, v * step)),
    );
    assert_eq!(o.broken_identities(), vec![], "{enforceable}/{resolved}");
    o
}

/// The field-by-field sum of the rows of several reports.
pub fn sum(form: Form, reports: &[&[Row]], step: i64) -> Outcome {
    let mut total = Outcome::default();
    for rows in reports {
        for &(_, e, r) in *rows {
            total.add(&outcome(form, e, r, step));
        }
    }
    total
}

/// `a − b`, field by field.
pub fn minus(a: Outcome, b: Outcome) -> Outcome {
    Outcome::from_pairs(Field::ALL.map(|f| (f, a.get(f) - b.get(f))))
}
