//! The figures of one measure: every column of the cases form (`CaseOutcome`, in cases) or the
//! money form (`MoneyOutcome`, in đồng), the rate, the target, the same period of the previous
//! year and, in a series, the month alone.
//!
//! Values are null when nothing was reported: missing is not zero.

use crate::graphql::scalars::{Count, Money};
use async_graphql::Object;
use thads_domain::stats::Measured;
use thads_domain::{Field, Outcome, Period};

/// Reads the columns of some figures.
trait Figures {
    /// The sum of one column; `None` when nothing was reported.
    fn value(&self, field: Field) -> Option<i64>;
    /// The values, if any were reported.
    fn outcome(&self) -> Option<&Outcome>;
}

/// The columns every figures type has, then `$extra`. The documentation of each column is
/// written once, here.
macro_rules! figures_object {
    ($(#[$doc:meta])* $ty:ident, $scalar:ident, { $($extra:tt)* }) => {
        $(#[$doc])*
        #[Object]
        impl $ty {
            /// Tổng số thụ lý: everything accepted, carried over + newly accepted.
            async fn total_accepted(&self) -> Option<$scalar> {
                self.value(Field::TotalAccepted).map($scalar)
            }
            /// Năm trước chuyển sang: carried over from the previous enforcement year.
            async fn carried_over(&self) -> Option<$scalar> {
                self.value(Field::CarriedOver).map($scalar)
            }
            /// Thụ lý mới: newly accepted since 1 October.
            async fn newly_accepted(&self) -> Option<$scalar> {
                self.value(Field::NewlyAccepted).map($scalar)
            }
            /// Ủy thác: handed over to another office to enforce.
            async fn entrusted(&self) -> Option<$scalar> {
                self.value(Field::Entrusted).map($scalar)
            }
            /// Thu hồi, hủy quyết định: decisions withdrawn or annulled.
            async fn withdrawn(&self) -> Option<$scalar> {
                self.value(Field::Withdrawn).map($scalar)
            }
            /// Tổng số phải thi hành: to be enforced, total accepted − entrusted − withdrawn.
            async fn to_enforce(&self) -> Option<$scalar> {
                self.value(Field::ToEnforce).map($scalar)
            }
            /// Có điều kiện thi hành: enforceable (the debtor can pay); the rate's denominator.
            async fn enforceable(&self) -> Option<$scalar> {
                self.value(Field::Enforceable).map($scalar)
            }
            /// Thi hành xong: completed.
            async fn completed(&self) -> Option<$scalar> {
                self.value(Field::Completed).map($scalar)
            }
            /// Đình chỉ: dismissed (enforcement terminated).
            async fn dismissed(&self) -> Option<$scalar> {
                self.value(Field::Dismissed).map($scalar)
            }
            /// Đang thi hành: in progress.
            async fn in_progress(&self) -> Option<$scalar> {
                self.value(Field::InProgress).map($scalar)
            }
            /// Hoãn: postponed.
            async fn postponed(&self) -> Option<$scalar> {
                self.value(Field::Postponed).map($scalar)
            }
            /// Tạm đình chỉ: suspended.
            async fn suspended(&self) -> Option<$scalar> {
                self.value(Field::Suspended).map($scalar)
            }
            /// Trường hợp khác: other cases.
            async fn other(&self) -> Option<$scalar> {
                self.value(Field::Other).map($scalar)
            }
            /// Chưa có điều kiện thi hành: not (yet) enforceable (the debtor has nothing to seize, …).
            async fn not_enforceable(&self) -> Option<$scalar> {
                self.value(Field::NotEnforceable).map($scalar)
            }
            /// Chuyển kỳ sau: carried forward to the next period, to be enforced − resolved.
            async fn carried_forward(&self) -> Option<$scalar> {
                self.value(Field::CarriedForward).map($scalar)
            }
            /// Resolved: completed + dismissed (+ reduced, for money); the rate's numerator.
            async fn resolved(&self) -> Option<$scalar> {
                self.outcome().map(|o| $scalar(o.resolved()))
            }
            /// Completion rate in percent, Σ resolved ÷ Σ enforceable × 100, computed from the sums
            /// (never an average of rates), not rounded; null when nothing is enforceable.
            async fn rate(&self) -> Option<f64> {
                self.outcome().and_then(Outcome::rate)
            }
            $($extra)*
        }
    };
}

/// [`figures_object!`] with the fields of a measure of a row: target, previous year, month
/// alone, offices reported.
macro_rules! measured_object {
    ($(#[$doc:meta])* $ty:ident, $scalar:ident, $figures:ident, { $($extra:tt)* }) => {
        figures_object!($(#[$doc])* $ty, $scalar, {
            /// The yearly target rate in percent that applies: a row of a unit takes that unit's
            /// target, else the target of the filter's units' nearest common ancestor; a unit
            /// without its own target takes its nearest ancestor's. Null when none is set.
            async fn target(&self) -> Option<f64> {
                self.measured.target
            }
            /// Target − rate, in percentage points: positive while the rate is below the target.
            async fn gap_to_target(&self) -> Option<f64> {
                self.measured.gap_to_target()
            }
            /// The target pro rata for the months elapsed ("tiến độ"): target × months ÷ 12.
            async fn prorated_target(&self) -> Option<f64> {
                self.measured.prorated_target(self.period)
            }
            /// The same months of the previous enforcement year ("cùng kỳ"); null when nothing
            /// of it was reported.
            async fn previous_year(&self) -> Option<$ty> {
                let previous = self.measured.previous_year.as_deref()?;
                previous.values?;
                Some($ty {
                    measured: previous.clone(),
                    period: self.period.previous_year()?,
                })
            }
            /// In `series`: the figures of this month alone (this month's report minus the
            /// previous month's; the first month is its own), when the same offices reported
            /// both months; null otherwise, and always null in `stats`.
            async fn month_alone(&self) -> Option<$figures> {
                self.measured.month_alone.map($figures)
            }
            /// How many offices' reports these figures add up.
            async fn offices_reported(&self) -> u32 {
                self.measured.offices_reported
            }
            $($extra)*
        });
    };
}

/// The figures of one measure of a row, for its period.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    measured: Measured,
    period: Period,
}

/// The money figures of a row, for its period.
#[derive(Debug, Clone)]
pub struct MoneyOutcome {
    measured: Measured,
    period: Period,
}

impl CaseOutcome {
    /// The case figures of a row of `period`.
    pub fn new(measured: Measured, period: Period) -> Self {
        Self { measured, period }
    }
}

impl MoneyOutcome {
    /// The money figures of a row of `period`.
    pub fn new(measured: Measured, period: Period) -> Self {
        Self { measured, period }
    }
}

/// The case figures of one month alone.
#[derive(Debug, Clone)]
pub struct CaseFigures(Outcome);

/// The money figures of one month alone.
#[derive(Debug, Clone)]
pub struct MoneyFigures(Outcome);

impl Figures for CaseOutcome {
    fn value(&self, field: Field) -> Option<i64> {
        self.measured.get(field)
    }
    fn outcome(&self) -> Option<&Outcome> {
        self.measured.values.as_ref()
    }
}

impl Figures for MoneyOutcome {
    fn value(&self, field: Field) -> Option<i64> {
        self.measured.get(field)
    }
    fn outcome(&self) -> Option<&Outcome> {
        self.measured.values.as_ref()
    }
}

impl Figures for CaseFigures {
    fn value(&self, field: Field) -> Option<i64> {
        Some(self.0.get(field))
    }
    fn outcome(&self) -> Option<&Outcome> {
        Some(&self.0)
    }
}

impl Figures for MoneyFigures {
    fn value(&self, field: Field) -> Option<i64> {
        Some(self.0.get(field))
    }
    fn outcome(&self) -> Option<&Outcome> {
        Some(&self.0)
    }
}

measured_object!(
    /// Results counted in cases (việc), from the cases form (Mẫu 01/TK-THA), added up over the
    /// row's offices and case types. Every column is null when nothing was reported.
    CaseOutcome, Count, CaseFigures, {}
);

measured_object!(
    /// Results counted in money, in whole đồng, from the money form (Mẫu 02/TK-THA), added up
    /// over the row's offices and case types. Every column is null when nothing was reported.
    MoneyOutcome, Money, MoneyFigures, {
        /// Giảm thi hành án: amounts reduced (money only); counted as resolved.
        async fn reduced(&self) -> Option<Money> {
            self.value(Field::Reduced).map(Money)
        }
    }
);

figures_object!(
    /// The case figures of one month alone: the month's report minus the previous month's.
    CaseFigures, Count, {}
);

figures_object!(
    /// The money figures of one month alone, in whole đồng: the month's report minus the
    /// previous month's.
    MoneyFigures, Money, {
        /// Giảm thi hành án: amounts reduced; counted as resolved.
        async fn reduced(&self) -> Option<Money> {
            self.value(Field::Reduced).map(Money)
        }
    }
);
