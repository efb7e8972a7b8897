//! The values of one report row, the identities that bind them and the completion rate.

use crate::form::Form;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One stored column of a report row. The rate is derived, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Tổng số thụ lý.
    TotalAccepted,
    /// Năm trước chuyển sang.
    CarriedOver,
    /// Thụ lý mới.
    NewlyAccepted,
    /// Ủy thác thi hành án.
    Entrusted,
    /// Thu hồi, hủy quyết định thi hành án.
    Withdrawn,
    /// Tổng số phải thi hành.
    ToEnforce,
    /// Có điều kiện thi hành.
    Enforceable,
    /// Thi hành xong.
    Completed,
    /// Đình chỉ thi hành án.
    Dismissed,
    /// Giảm thi hành án (money form only).
    Reduced,
    /// Đang thi hành.
    InProgress,
    /// Hoãn thi hành án.
    Postponed,
    /// Tạm đình chỉ thi hành án.
    Suspended,
    /// Trường hợp khác.
    Other,
    /// Chưa có điều kiện thi hành.
    NotEnforceable,
    /// Chuyển kỳ sau.
    CarriedForward,
}

impl Field {
    /// Every field, in the order of the money form.
    pub const ALL: [Field; 16] = [
        Field::TotalAccepted,
        Field::CarriedOver,
        Field::NewlyAccepted,
        Field::Entrusted,
        Field::Withdrawn,
        Field::ToEnforce,
        Field::Enforceable,
        Field::Completed,
        Field::Dismissed,
        Field::Reduced,
        Field::InProgress,
        Field::Postponed,
        Field::Suspended,
        Field::Other,
        Field::NotEnforceable,
        Field::CarriedForward,
    ];

    /// The key used in templates, the database and JSON, e.g. `total_accepted`.
    pub fn key(self) -> &'static str {
        match self {
            Field::TotalAccepted => "total_accepted",
            Field::CarriedOver => "carried_over",
            Field::NewlyAccepted => "newly_accepted",
            Field::Entrusted => "entrusted",
            Field::Withdrawn => "withdrawn",
            Field::ToEnforce => "to_enforce",
            Field::Enforceable => "enforceable",
            Field::Completed => "completed",
            Field::Dismissed => "dismissed",
            Field::Reduced => "reduced",
            Field::InProgress => "in_progress",
            Field::Postponed => "postponed",
            Field::Suspended => "suspended",
            Field::Other => "other",
            Field::NotEnforceable => "not_enforceable",
            Field::CarriedForward => "carried_forward",
        }
    }

    /// The heading of the column on the forms, in Vietnamese.
    pub fn heading(self) -> &'static str {
        match self {
            Field::TotalAccepted => "Tổng số thụ lý",
            Field::CarriedOver => "Năm trước chuyển sang",
            Field::NewlyAccepted => "Thụ lý mới",
            Field::Entrusted => "Ủy thác thi hành án",
            Field::Withdrawn => "Thu hồi, hủy quyết định thi hành án",
            Field::ToEnforce => "Tổng số phải thi hành",
            Field::Enforceable => "Có điều kiện thi hành",
            Field::Completed => "Thi hành xong",
            Field::Dismissed => "Đình chỉ thi hành án",
            Field::Reduced => "Giảm thi hành án",
            Field::InProgress => "Đang thi hành",
            Field::Postponed => "Hoãn thi hành án",
            Field::Suspended => "Tạm đình chỉ thi hành án",
            Field::Other => "Trường hợp khác",
            Field::NotEnforceable => "Chưa có điều kiện thi hành",
            Field::CarriedForward => "Chuyển kỳ sau",
        }
    }

    /// The field with this key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Whether the form has this column (only the money form has `reduced`).
    pub fn in_form(self, form: Form) -> bool {
        self != Field::Reduced || form == Form::Money
    }

    /// The fields of a form, in column order.
    pub fn of_form(form: Form) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| f.in_form(form))
    }

    /// Cumulative flows: within one enforcement year they never fall from one month to the next.
    pub fn is_cumulative_flow(self) -> bool {
        matches!(
            self,
            Field::NewlyAccepted
                | Field::Entrusted
                | Field::Withdrawn
                | Field::Completed
                | Field::Dismissed
                | Field::Reduced
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The values of one row of a form: whole cases, or whole đồng. `reduced` is 0 on the cases form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Outcome([i64; 16]);

impl Outcome {
    /// The value of one field.
    pub fn get(&self, field: Field) -> i64 {
        self.0[field.index()]
    }

    /// Sets the value of one field.
    pub fn set(&mut self, field: Field, value: i64) {
        self.0[field.index()] = value;
    }

    /// Builds an outcome from (field, value) pairs; fields not given are 0.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Field, i64)>) -> Self {
        let mut outcome = Outcome::default();
        for (field, value) in pairs {
            outcome.set(field, value);
        }
        outcome
    }

    /// Adds another outcome field by field, saturating rather than overflowing.
    pub fn add(&mut self, other: &Outcome) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a = a.saturating_add(b);
        }
    }

    /// The resolved cases or money: completed + dismissed (+ reduced on the money form).
    pub fn resolved(&self) -> i64 {
        self.get(Field::Completed)
            .saturating_add(self.get(Field::Dismissed))
            .saturating_add(self.get(Field::Reduced))
    }

    /// The completion rate in percent, resolved / enforceable × 100; `None` when nothing is
    /// enforceable.
    pub fn rate(&self) -> Option<f64> {
        rate(self.resolved(), self.get(Field::Enforceable))
    }

    /// Every identity of the form that these values break.
    pub fn broken_identities(&self) -> Vec<BrokenIdentity> {
        let g = |f| self.get(f);
        let sum = |fs: &[Field]| fs.iter().fold(0i64, |acc, &f| acc.saturating_add(g(f)));
        let checks = [
            (
                Field::TotalAccepted,
                sum(&[Field::CarriedOver, Field::NewlyAccepted]),
                "total_accepted = carried_over + newly_accepted",
            ),
            (
                Field::ToEnforce,
                g(Field::TotalAccepted)
                    .saturating_sub(g(Field::Entrusted))
                    .saturating_sub(g(Field::Withdrawn)),
                "to_enforce = total_accepted − entrusted − withdrawn",
            ),
            (
                Field::ToEnforce,
                sum(&[Field::Enforceable, Field::NotEnforceable]),
                "to_enforce = enforceable + not_enforceable",
            ),
            (
                Field::Enforceable,
                self.resolved().saturating_add(sum(&[
                    Field::InProgress,
                    Field::Postponed,
                    Field::Suspended,
                    Field::Other,
                ])),
                "enforceable = resolved + in_progress + postponed + suspended + other",
            ),
            (
                Field::CarriedForward,
                g(Field::ToEnforce).saturating_sub(self.resolved()),
                "carried_forward = to_enforce − resolved",
            ),
        ];
        checks
            .into_iter()
            .filter(|&(field, expected, _)| g(field) != expected)
            .map(|(field, expected, rule)| BrokenIdentity {
                field,
                expected,
                found: g(field),
                rule,
            })
            .collect()
    }
}

/// The completion rate in percent from a numerator and a denominator; `None` when the
/// denominator is not positive. Always Σ numerator / Σ denominator, never an average of rates.
pub fn rate(resolved: i64, enforceable: i64) -> Option<f64> {
    (enforceable > 0).then(|| resolved as f64 * 100.0 / enforceable as f64)
}

/// One identity of the form that a row breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenIdentity {
    /// The field on the left of the identity, whose cell is blamed.
    pub field: Field,
    /// What the identity says it should hold.
    pub expected: i64,
    /// What it holds.
    pub found: i64,
    /// The identity, written out.
    pub rule: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row "1. Hình sự" of the cases form of tantru-2020-09.xlsx.
    fn criminal() -> Outcome {
        use Field::*;
        Outcome::from_pairs([
            (TotalAccepted, 137),
            (CarriedOver, 67),
            (NewlyAccepted, 70),
            (ToEnforce, 137),
            (Enforceable, 97),
            (Completed, 59),
            (Dismissed, 6),
            (InProgress, 22),
            (Postponed, 5),
            (Suspended, 2),
            (Other, 3),
            (NotEnforceable, 40),
            (CarriedForward, 72),
        ])
    }

    #[test]
    fn a_real_row_holds_every_identity() {
        let row = criminal();
        assert_eq!(row.broken_identities(), vec![]);
        assert_eq!(row.resolved(), 65);
        assert_eq!(format!("{:.2}", row.rate().unwrap()), "67.01");
    }

    #[test]
    fn a_changed_value_breaks_the_identities_that_use_it() {
        let mut row = criminal();
        row.set(Field::Completed, 60);
        let broken: Vec<_> = row
            .broken_identities()
            .into_iter()
            .map(|b| b.field)
            .collect();
        assert_eq!(broken, vec![Field::Enforceable, Field::CarriedForward]);
        row.set(Field::Completed, 59);
        row.set(Field::TotalAccepted, 138);
        let broken = row.broken_identities();
        assert_eq!(broken[0].field, Field::TotalAccepted);
        assert_eq!(broken[0].expected, 137);
        assert_eq!(broken[0].found, 138);
    }

    #[test]
    fn reduced_counts_as_resolved() {
        let mut row = criminal();
        row.set(Field::Reduced, 3);
        assert_eq!(row.resolved(), 68);
    }

    #[test]
    fn rate_of_nothing_enforceable_is_none() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(5, 10), Some(50.0));
    }

    #[test]
    fn keys_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
        assert_eq!(Field::of_form(Form::Cases).count(), 15);
        assert_eq!(Field::of_form(Form::Money).count(), 16);
    }
}
