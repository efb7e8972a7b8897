//! The checks of a `units.csv` file against itself and the registry already stored. Pure: the
//! caller reads the file and the registry, and writes only when this finds nothing.

use super::units_validity::check_validity;
use crate::error::LineProblem;
use crate::names::unit_keys;
use crate::units::{UnitLevel, UnitRecord, Validity};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One data line of `units.csv`, parsed.
#[derive(Debug, Clone)]
pub(crate) struct UnitLine {
    /// 1-based line number.
    pub line: u64,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// `None` when the level was not understood (already reported).
    pub level: Option<UnitLevel>,
    /// Distinct aliases, in file order.
    pub aliases: Vec<String>,
    /// When it exists, and its successor's code.
    pub validity: Validity,
    /// The fields not given, which keep what the registry holds (they are filled from it
    /// before the checks).
    pub kept: Kept,
}

/// Which fields of a unit were not given (a column the file lacks, an argument left out), and
/// so keep the values stored; a new unit takes the defaults (no alias, always valid, no
/// successor).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Kept {
    /// The aliases (`aliases: null` of `upsertUnit`).
    pub aliases: bool,
    /// The first day (no `valid_from` column, `validFrom` left out).
    pub valid_from: bool,
    /// The last day (no `valid_to` column, `validTo` left out).
    pub valid_to: bool,
    /// The successor (no `successor` column, `successor` left out).
    pub successor: bool,
}

/// A unit as it will be once the file is loaded: from the file, else from the registry.
pub(super) struct Merged<'a> {
    pub name: &'a str,
    pub parent: Option<&'a str>,
    pub level: Option<UnitLevel>,
    pub aliases: &'a [String],
    pub validity: &'a Validity,
    /// The file line, for units of the file.
    pub line: Option<u64>,
}

/// Every problem of the file's lines; empty when the file can be loaded. `lines` should hold
/// only lines with a code (an empty code is reported while parsing).
pub(crate) fn check_units(lines: &[UnitLine], stored: &[UnitRecord]) -> Vec<LineProblem> {
    let mut problems = Vec::new();
    // Codes are the same whatever their case: `la-tantru` would be another spelling of
    // `LA-TANTRU`, not another unit.
    let stored_codes: HashMap<String, &str> = stored
        .iter()
        .map(|u| (u.code.to_lowercase(), u.code.as_str()))
        .collect();
    let mut first_line: HashMap<String, (u64, &str)> = HashMap::new();
    let mut file: Vec<&UnitLine> = Vec::new();
    for l in lines {
        let folded = l.code.to_lowercase();
        match first_line.get(&folded) {
            Some(&(first, code)) if code == l.code => problems.push(LineProblem::new(
                l.line,
                format!("code {} is already used on line {first}", l.code),
            )),
            Some(&(first, code)) => problems.push(LineProblem::new(
                l.line,
                format!(
                    "code {} is already used on line {first} as {code}: codes that differ \
                     only in case are the same code",
                    l.code
                ),
            )),
            None => {
                if let Some(code) = stored_codes.get(&folded).filter(|c| **c != l.code) {
                    problems.push(LineProblem::new(
                        l.line,
                        format!(
                            "code {} is already in the registry as {code}: codes that \
                             differ only in case are the same code (write {code} to update that \
                             unit)",
                            l.code
                        ),
                    ));
                }
                first_line.insert(folded, (l.line, &l.code));
                file.push(l);
            }
        }
    }
    let mut merged: BTreeMap<&str, Merged> = stored
        .iter()
        .map(|u| {
            let m = Merged {
                name: &u.name,
                parent: u.parent.as_deref(),
                level: Some(u.level),
                aliases: &u.aliases,
                validity: &u.validity,
                line: None,
            };
            (u.code.as_str(), m)
        })
        .collect();
    for l in &file {
        let m = Merged {
            name: &l.name,
            parent: l.parent.as_deref(),
            level: l.level,
            aliases: &l.aliases,
            validity: &l.validity,
            line: Some(l.line),
        };
        merged.insert(&l.code, m);
    }
    for l in &file {
        check_parent(l, &merged, &mut problems);
    }
    check_stored_children(&merged, &mut problems);
    check_keys(&merged, &mut problems);
    check_validity(&merged, &mut problems);
    problems.sort();
    problems
}

/// The parent exists, is not part of a cycle, and is of a higher level.
fn check_parent(l: &UnitLine, merged: &BTreeMap<&str, Merged>, problems: &mut Vec<LineProblem>) {
    let Some(parent) = l.parent.as_deref() else {
        if l.level == Some(UnitLevel::Office) {
            problems.push(LineProblem::new(
                l.line,
                "an office needs a parent: its province (or the nation)",
            ));
        }
        return;
    };
    let Some(p) = merged.get(parent) else {
        problems.push(LineProblem::new(
            l.line,
            format!("unknown parent {parent}: not in this file nor in the registry"),
        ));
        return;
    };
    if let Some(cycle) = cycle_from(&l.code, merged) {
        problems.push(LineProblem::new(
            l.line,
            format!("the parents form a cycle: {}", cycle.join(" → ")),
        ));
        return;
    }
    if let (Some(child), Some(parent_level)) = (l.level, p.level)
        && let Some(message) = misplaced(child, parent, parent_level)
    {
        problems.push(LineProblem::new(l.line, message));
    }
}

/// Why a unit of level `child` cannot be under `parent`, if it cannot.
fn misplaced(child: UnitLevel, parent: &str, parent_level: UnitLevel) -> Option<String> {
    let allowed = match child {
        UnitLevel::Nation => false,
        UnitLevel::Province => parent_level == UnitLevel::Nation,
        UnitLevel::Office => parent_level != UnitLevel::Office,
    };
    (!allowed).then(|| {
        let expected = match child {
            UnitLevel::Nation => "a nation has no parent",
            UnitLevel::Province => "a province belongs to the nation or to nothing",
            UnitLevel::Office => "an office belongs to a province or the nation",
        };
        format!("{expected}, but its parent {parent} is {}", a(parent_level))
    })
}

/// A level with its article: "a province", "an office".
fn a(level: UnitLevel) -> String {
    match level {
        UnitLevel::Office => "an office".to_owned(),
        other => format!("a {other}"),
    }
}

/// The chain of codes from `start` back to itself, when its parents lead back to it.
fn cycle_from<'a>(start: &'a str, merged: &BTreeMap<&'a str, Merged<'a>>) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut seen = HashSet::from([start]);
    let mut current = start;
    while let Some(parent) = merged.get(current).and_then(|m| m.parent) {
        chain.push(parent);
        if parent == start {
            return Some(chain);
        }
        if !seen.insert(parent) {
            return None; // a cycle above, reported on its own lines
        }
        current = parent;
    }
    None
}

/// Units of the registry that the file does not list stay under their parent: the parent's
/// new level must still allow them.
fn check_stored_children(merged: &BTreeMap<&str, Merged>, problems: &mut Vec<LineProblem>) {
    for (code, m) in merged.iter().filter(|(_, m)| m.line.is_none()) {
        let Some(parent) = m.parent else { continue };
        let Some(p) = merged.get(parent) else {
            continue;
        };
        let (Some(line), Some(child), Some(parent_level)) = (p.line, m.level, p.level) else {
            continue;
        };
        if misplaced(child, parent, parent_level).is_some() {
            problems.push(LineProblem::new(
                line,
                format!(
                    "{code} ({child}) in the registry is under {parent}, which cannot then be {}",
                    a(parent_level)
                ),
            ));
        }
    }
}

/// One spelling of a unit under a parent: the unit, what the spelling is, and where it is.
struct Spelling<'a> {
    code: &'a str,
    kind: &'static str,
    text: &'a str,
    validity: &'a Validity,
    line: Option<u64>,
}

/// No name or alias of a unit reads the same as one of another unit with the same parent that
/// exists on some same day: a workbook naming it could not tell them apart. Units of different
/// times may share a name (the old and the new "Tỉnh Tây Ninh").
fn check_keys(merged: &BTreeMap<&str, Merged>, problems: &mut Vec<LineProblem>) {
    let mut by_key: HashMap<(Option<&str>, String), Vec<Spelling>> = HashMap::new();
    for (&code, m) in merged {
        let spellings = std::iter::once(("name", m.name))
            .chain(m.aliases.iter().map(|a| ("alias", a.as_str())));
        // An empty name is reported while parsing.
        for (kind, text) in spellings.filter(|(_, text)| !text.is_empty()) {
            let key = unit_keys(text).full;
            if key.is_empty() {
                if let Some(line) = m.line {
                    problems.push(LineProblem::new(
                        line,
                        format!("{kind} {text:?} has no letters or digits"),
                    ));
                }
                continue;
            }
            let spelling = Spelling {
                code,
                kind,
                text,
                validity: m.validity,
                line: m.line,
            };
            by_key.entry((m.parent, key)).or_default().push(spelling);
        }
    }
    let mut reported: HashSet<(u64, &str)> = HashSet::new();
    for ((parent, _), mut spellings) in by_key {
        // The registry's units come first, then the file's in line order: later ones are blamed.
        spellings.sort_by_key(|s| (s.line, s.code));
        for (i, s) in spellings.iter().enumerate() {
            let Some(line) = s.line else { continue };
            let Some(first) = spellings[..i]
                .iter()
                .find(|e| e.code != s.code && e.validity.overlaps(s.validity))
            else {
                continue;
            };
            if !reported.insert((line, first.code)) {
                continue;
            }
            let place = first
                .line
                .map_or_else(|| "in the registry".to_owned(), |l| format!("line {l}"));
            let under = parent.map_or_else(|| "at the top".to_owned(), |p| format!("under {p}"));
            problems.push(LineProblem::new(
                line,
                format!(
                    "{} {:?} of {} reads the same as the {} {:?} of {} ({place}), also {under} \
                     and at the same time: a workbook naming it could not tell them apart",
                    s.kind, s.text, s.code, first.kind, first.text, first.code
                ),
            ));
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A unit of line `line` that always exists, with no aliases.
    pub(in crate::services::registry) fn line(
        line: u64,
        code: &str,
        name: &str,
        parent: &str,
        level: UnitLevel,
    ) -> UnitLine {
        UnitLine {
            line,
            code: code.to_owned(),
            name: name.to_owned(),
            parent: (!parent.is_empty()).then(|| parent.to_owned()),
            level: Some(level),
            aliases: Vec::new(),
            validity: Validity::default(),
            kept: Kept::default(),
        }
    }

    fn lines_of(problems: &[LineProblem]) -> Vec<u64> {
        problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn a_good_tree_in_any_order() {
        use UnitLevel::*;
        let lines = [
            line(2, "A-1", "huyện Một", "A", Office),
            line(3, "A", "Tỉnh A", "", Province),
            line(4, "B-1", "huyện Một", "B", Office),
            line(5, "B", "Tỉnh B", "", Province),
        ];
        assert_eq!(check_units(&lines, &[]), vec![]);
    }

    #[test]
    fn cycles_levels_and_clashing_names() {
        use UnitLevel::*;
        let lines = [
            line(2, "A", "Tỉnh A", "B", Province),
            line(3, "B", "Tỉnh B", "A", Province),
            line(4, "C", "Tỉnh C", "", Province),
            line(5, "C-1", "huyện Một", "C", Office),
            line(6, "C-2", "H. Một", "C", Office),
            line(7, "C-3", "huyện Ba", "C-1", Office),
            line(8, "C-4", "huyện Bốn", "", Office),
        ];
        let problems = check_units(&lines, &[]);
        assert_eq!(lines_of(&problems), vec![2, 3, 6, 7, 8], "{problems:?}");
        assert!(problems[0].message.contains("cycle"));
        assert!(problems[2].message.contains("C-1"));
    }

    #[test]
    fn codes_are_the_same_whatever_their_case() {
        use UnitLevel::*;
        let stored = [UnitRecord {
            code: "LA".to_owned(),
            name: "Tỉnh Long An".to_owned(),
            parent: None,
            level: Province,
            aliases: vec![],
            validity: Validity::default(),
        }];
        let lines = [
            line(2, "LA-TANTRU", "huyện Tân Trụ", "LA", Office),
            line(3, "la-tantru", "huyện Tân Trụ mới", "LA", Office),
            line(4, "La", "Tỉnh La", "", Province),
            line(5, "LA", "Tỉnh Long An", "", Province),
        ];
        let problems = check_units(&lines, &stored);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "line 3: code la-tantru is already used on line 2 as LA-TANTRU: codes that \
                 differ only in case are the same code",
                "line 4: code La is already in the registry as LA: codes that differ only in \
                 case are the same code (write LA to update that unit)",
                "line 5: code LA is already used on line 4 as La: codes that differ only in case \
                 are the same code",
            ]
        );
        // The same code in the same case updates the unit, as before.
        let lines = [line(2, "LA", "Tỉnh Long An", "", Province)];
        assert_eq!(check_units(&lines, &stored), vec![]);
    }

    #[test]
    fn stored_units_count() {
        use UnitLevel::*;
        let stored = [UnitRecord {
            code: "C".to_owned(),
            name: "Tỉnh C".to_owned(),
            parent: None,
            level: Province,
            aliases: vec![],
            validity: Validity::default(),
        }];
        let lines = [line(2, "C-1", "huyện Một", "C", Office)];
        assert_eq!(check_units(&lines, &stored), vec![]);
        let child = UnitRecord {
            code: "C-9".to_owned(),
            name: "huyện Chín".to_owned(),
            parent: Some("C".to_owned()),
            level: Office,
            aliases: vec![],
            validity: Validity::default(),
        };
        let stored = [stored[0].clone(), child];
        let lines = [line(2, "C", "Tỉnh C", "", Office)];
        let problems = check_units(&lines, &stored);
        assert_eq!(lines_of(&problems), vec![2, 2], "{problems:?}");
    }
}
