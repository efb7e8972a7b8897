//! The checks of units through time (`reorganisation.md`): each unit's dates, its successor
//! and its parent's validity. Pure, like the other checks of `units.csv`: a relation is checked
//! when either of its units is given, and blamed on the given one's line (the predecessor's or
//! the child's first).

use super::units_check::Merged;
use crate::error::LineProblem;
use std::collections::{BTreeMap, HashSet};

/// Every problem of the units' validity, successors and parents' validity.
pub(super) fn check_validity(merged: &BTreeMap<&str, Merged>, problems: &mut Vec<LineProblem>) {
    for (&code, m) in merged {
        let v = m.validity;
        if let (Some(line), Some(from), Some(to)) = (m.line, v.from, v.to)
            && from > to
        {
            problems.push(LineProblem::new(
                line,
                format!("{code} starts on {from}, after it ends on {to}"),
            ));
        }
        if let Some(successor) = v.successor.as_deref() {
            check_successor(code, m, successor, merged, problems);
        }
        if let Some(parent) = m.parent.and_then(|p| merged.get_key_value(p)) {
            check_parent_validity(code, m, parent, problems);
        }
    }
}

/// The successor exists, is not part of a cycle, and starts the day after its predecessor ends.
fn check_successor(
    code: &str,
    m: &Merged,
    successor: &str,
    merged: &BTreeMap<&str, Merged>,
    problems: &mut Vec<LineProblem>,
) {
    let Some(s) = merged.get(successor) else {
        if let Some(line) = m.line {
            problems.push(LineProblem::new(
                line,
                format!(
                    "unknown successor {successor} of {code}: not in this file nor in the registry"
                ),
            ));
        }
        return;
    };
    let Some(line) = m.line.or(s.line) else {
        return;
    };
    if let Some(cycle) = cycle_from(code, merged) {
        problems.push(LineProblem::new(
            line,
            format!("the successors form a cycle: {}", cycle.join(" → ")),
        ));
        return;
    }
    let Some(to) = m.validity.to else {
        problems.push(LineProblem::new(
            line,
            format!(
                "{code} has the successor {successor} but no valid_to: a successor takes over \
                 the day after its predecessor ends"
            ),
        ));
        return;
    };
    let Some(next) = to.succ_opt() else { return };
    if s.validity.from != Some(next) {
        let starts = s.validity.from.map_or_else(
            || "has no valid_from".to_owned(),
            |f| format!("starts on {f}"),
        );
        problems.push(LineProblem::new(
            line,
            format!(
                "the successor {successor} of {code} {starts}, but {code} ends on {to}: \
                 {successor} must start on {next}"
            ),
        ));
    }
}

/// The chain of successors from `start` back to itself, when it leads back to it.
fn cycle_from<'a>(start: &'a str, merged: &BTreeMap<&'a str, Merged<'a>>) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut seen = HashSet::from([start]);
    let mut current = start;
    while let Some(next) = merged
        .get(current)
        .and_then(|m| m.validity.successor.as_deref())
    {
        chain.push(next);
        if next == start {
            return Some(chain);
        }
        if !seen.insert(next) {
            return None; // a cycle further on, reported on its own lines
        }
        current = next;
    }
    None
}

/// The parent exists on every day its child does: a unit is never left without a parent.
fn check_parent_validity(
    code: &str,
    m: &Merged,
    (&parent, p): (&&str, &Merged),
    problems: &mut Vec<LineProblem>,
) {
    let Some(line) = m.line.or(p.line) else {
        return;
    };
    if !p.validity.covers(m.validity) {
        problems.push(LineProblem::new(
            line,
            format!(
                "{code} exists {}, but its parent {parent} exists only {}: a parent must exist \
                 over its child's whole validity",
                m.validity.span(),
                p.validity.span()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::units_check::tests::line as line_of;
    use super::super::units_check::{UnitLine, check_units};
    use crate::units::{UnitLevel, Validity};
    use chrono::NaiveDate;

    fn day(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    /// A unit of line `line`, valid `from`–`to` ("" = open), with a successor ("" = none).
    fn unit(line: u64, code: &str, name: &str, parent: &str, dates: [&str; 3]) -> UnitLine {
        let level = if parent.is_empty() {
            UnitLevel::Province
        } else {
            UnitLevel::Office
        };
        UnitLine {
            validity: Validity {
                from: day(dates[0]),
                to: day(dates[1]),
                successor: (!dates[2].is_empty()).then(|| dates[2].to_owned()),
            },
            ..line_of(line, code, name, parent, level)
        }
    }

    fn messages(lines: &[UnitLine]) -> Vec<String> {
        check_units(lines, &[])
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_merged_province_is_accepted() {
        let lines = [
            unit(2, "LA", "Tỉnh Long An", "", ["", "2025-06-30", "TN"]),
            unit(3, "TNM", "Tỉnh Tây Ninh", "", ["", "2025-06-30", "TN"]),
            unit(4, "TN", "Tỉnh Tây Ninh", "", ["2025-07-01", "", ""]),
            unit(5, "LA-1", "huyện Một", "LA", ["", "2025-06-30", "TN-1"]),
            unit(6, "TN-1", "khu vực 1", "TN", ["2025-07-01", "", ""]),
        ];
        assert_eq!(messages(&lines), Vec::<String>::new());
    }

    #[test]
    fn each_refusal_names_its_line() {
        let lines = [
            unit(2, "A", "Tỉnh A", "", ["2025-07-01", "2025-06-30", ""]),
            unit(3, "B", "Tỉnh B", "", ["", "2025-06-30", "C"]),
            unit(4, "C", "Tỉnh C", "", ["2025-07-02", "", ""]),
            unit(5, "D", "Tỉnh D", "", ["", "", "C"]),
            unit(6, "E", "Tỉnh E", "", ["", "2025-06-30", "X"]),
            unit(7, "C-1", "huyện Một", "C", ["2025-07-01", "", ""]),
            unit(8, "F", "Tỉnh C", "", ["2025-09-01", "", ""]),
        ];
        assert_eq!(
            messages(&lines),
            [
                "line 2: A starts on 2025-07-01, after it ends on 2025-06-30",
                "line 3: the successor C of B starts on 2025-07-02, but B ends on 2025-06-30: \
                 C must start on 2025-07-01",
                "line 5: D has the successor C but no valid_to: a successor takes over the day \
                 after its predecessor ends",
                "line 6: unknown successor X of E: not in this file nor in the registry",
                "line 7: C-1 exists from 2025-07-01 on, but its parent C exists only from \
                 2025-07-02 on: a parent must exist over its child's whole validity",
                "line 8: name \"Tỉnh C\" of F reads the same as the name \"Tỉnh C\" of C (line \
                 4), also at the top and at the same time: a workbook naming it could not tell \
                 them apart",
            ]
        );
    }

    #[test]
    fn successors_in_a_cycle() {
        let lines = [
            unit(2, "A", "Tỉnh A", "", ["2025-01-01", "2025-06-30", "B"]),
            unit(3, "B", "Tỉnh B", "", ["2025-07-01", "2024-12-31", "A"]),
        ];
        let found = messages(&lines);
        assert!(
            found.contains(&"line 2: the successors form a cycle: A → B → A".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(&"line 3: the successors form a cycle: B → A → B".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn overlaps_and_cover() {
        let v = |from: &str, to: &str| Validity {
            from: day(from),
            to: day(to),
            successor: None,
        };
        assert!(!v("", "2025-06-30").overlaps(&v("2025-07-01", "")));
        assert!(v("", "2025-07-01").overlaps(&v("2025-07-01", "")));
        assert!(v("", "").overlaps(&v("2025-07-01", "2025-07-01")));
        assert!(v("", "").covers(&v("2025-07-01", "")));
        assert!(!v("2025-07-01", "").covers(&v("", "")));
        assert!(!v("", "2025-06-30").covers(&v("", "")));
        assert!(v("2025-01-01", "2025-12-31").covers(&v("2025-01-01", "2025-12-31")));
    }
}
