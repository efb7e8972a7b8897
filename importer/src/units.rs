//! Who sent a workbook: the text after "Đơn vị báo cáo:" resolved to an office of the registry.
//!
//! Names and aliases are compared on the keys of `thads_domain::names::unit_keys`: first the
//! full key ("huyện tân trụ"), then the bare one ("tân trụ"). When several offices share a
//! name (every province has its "huyện Châu Thành"), the province named in the unit's own text
//! or anywhere in the header block (e.g. "CỤC THI HÀNH ÁN DÂN SỰ TỈNH LONG AN") decides.

use crate::text::{self, Words};
use std::collections::HashMap;
use thads_domain::names::unit_keys;
use thads_domain::{UnitLevel, UnitRecord};

/// An office that may report.
#[derive(Debug, Clone)]
struct Office {
    code: String,
    name: String,
    /// The bare names and aliases of the areas above it (province…), as words.
    areas: Vec<Words>,
}

/// The offices of the registry, by the keys of their names and aliases.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitIndex {
    offices: Vec<Office>,
    full: HashMap<String, Vec<usize>>,
    bare: HashMap<String, Vec<usize>>,
}

/// Why a unit could not be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UnitError {
    /// No office has this name.
    Unknown,
    /// Several offices have it: their codes and names.
    Ambiguous(Vec<(String, String)>),
}

impl UnitIndex {
    /// Indexes the offices of a registry.
    pub fn new(units: &[UnitRecord]) -> Self {
        let by_code: HashMap<&str, &UnitRecord> =
            units.iter().map(|u| (u.code.as_str(), u)).collect();
        let mut index = UnitIndex::default();
        for unit in units.iter().filter(|u| u.level == UnitLevel::Office) {
            let at = index.offices.len();
            for spelling in std::iter::once(&unit.name).chain(&unit.aliases) {
                let keys = unit_keys(spelling);
                if keys.bare.is_empty() {
                    continue;
                }
                add(&mut index.full, keys.full, at);
                add(&mut index.bare, keys.bare, at);
            }
            index.offices.push(Office {
                code: unit.code.clone(),
                name: unit.name.clone(),
                areas: areas_above(unit, &by_code),
            });
        }
        index
    }

    /// The code of the office a text names; `header` holds the words of every text of the
    /// header block, searched for a province when the name alone is ambiguous.
    pub fn resolve(&self, name: &str, header: &[Words]) -> Result<&str, UnitError> {
        let mut found = self.candidates(name);
        if found.is_empty()
            && let Some((first, _)) = name.split_once([',', ';'])
        {
            found = self.candidates(first);
        }
        match found.as_slice() {
            [] => return Err(UnitError::Unknown),
            [one] => return Ok(&self.offices[*one].code),
            _ => (),
        }
        let own = text::words(name);
        let named: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| {
                self.offices[i].areas.iter().any(|area| {
                    text::contains(&own, area) || header.iter().any(|h| text::contains(h, area))
                })
            })
            .collect();
        match named.as_slice() {
            [one] => Ok(&self.offices[*one].code),
            [] => Err(self.ambiguous(&found)),
            several => Err(self.ambiguous(several)),
        }
    }

    fn candidates(&self, name: &str) -> Vec<usize> {
        let keys = unit_keys(name);
        let mut found = self.full.get(&keys.full).cloned().unwrap_or_default();
        if found.is_empty() {
            found = self.bare.get(&keys.bare).cloned().unwrap_or_default();
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    fn ambiguous(&self, offices: &[usize]) -> UnitError {
        UnitError::Ambiguous(
            offices
                .iter()
                .map(|&i| (self.offices[i].code.clone(), self.offices[i].name.clone()))
                .collect(),
        )
    }
}

fn add(map: &mut HashMap<String, Vec<usize>>, key: String, at: usize) {
    map.entry(key).or_default().push(at);
}

/// The names and aliases of the provinces (and any level between) above an office.
fn areas_above(unit: &UnitRecord, by_code: &HashMap<&str, &UnitRecord>) -> Vec<Words> {
    let mut areas = Vec::new();
    let mut parent = unit.parent.as_deref();
    // A registry with a loop in it still ends: no tree is deeper than its size.
    for _ in 0..by_code.len() {
        let Some(p) = parent.and_then(|code| by_code.get(code)) else {
            break;
        };
        if p.level != UnitLevel::Nation {
            for spelling in std::iter::once(&p.name).chain(&p.aliases) {
                let bare = text::words(&unit_keys(spelling).bare);
                if !bare.is_empty() {
                    areas.push(bare);
                }
            }
        }
        parent = p.parent.as_deref();
    }
    areas
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use thads_domain::Validity;
    use unicode_normalization::UnicodeNormalization;

    /// A unit of a test registry.
    pub(crate) fn unit(
        code: &str,
        name: &str,
        parent: Option<&str>,
        level: UnitLevel,
        aliases: &[&str],
    ) -> UnitRecord {
        UnitRecord {
            code: code.to_owned(),
            name: name.to_owned(),
            parent: parent.map(str::to_owned),
            level,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            validity: Validity::default(),
        }
    }

    /// Two provinces, each with a "huyện Châu Thành", and Long An's offices of the examples.
    pub(crate) fn registry() -> Vec<UnitRecord> {
        use UnitLevel::*;
        vec![
            unit("VN", "Việt Nam", None, Nation, &[]),
            unit("LA", "Tỉnh Long An", Some("VN"), Province, &["Long An"]),
            unit(
                "TG",
                "Tỉnh Tiền Giang",
                Some("VN"),
                Province,
                &["Tiền Giang"],
            ),
            unit(
                "LA-CUC",
                "Cục Thi hành án dân sự tỉnh Long An",
                Some("LA"),
                Office,
                &["Cục THADS tỉnh Long An"],
            ),
            unit(
                "LA-KIENTUONG",
                "Chi cục Thi hành án dân sự thị xã Kiến Tường",
                Some("LA"),
                Office,
                &["TX Kiến Tường", "thị xã Kiến Tường"],
            ),
            unit(
                "LA-TANTRU",
                "Chi cục Thi hành án dân sự huyện Tân Trụ",
                Some("LA"),
                Office,
                &["huyện Tân Trụ"],
            ),
            unit(
                "LA-THUTHUA",
                "Chi cục Thi hành án dân sự huyện Thủ Thừa",
                Some("LA"),
                Office,
                &["huyện Thủ Thừa"],
            ),
            unit(
                "LA-TANAN",
                "Chi cục Thi hành án dân sự thành phố Tân An",
                Some("LA"),
                Office,
                &["TP Tân An"],
            ),
            unit(
                "LA-CHAUTHANH",
                "Chi cục Thi hành án dân sự huyện Châu Thành",
                Some("LA"),
                Office,
                &[],
            ),
            unit(
                "TG-CHAUTHANH",
                "Chi cục Thi hành án dân sự huyện Châu Thành",
                Some("TG"),
                Office,
                &[],
            ),
        ]
    }

    fn header(lines: &[&str]) -> Vec<Words> {
        lines.iter().map(|l| text::words(l)).collect()
    }

    #[test]
    fn every_spelling_of_an_office_resolves() {
        let index = UnitIndex::new(&registry());
        for name in [
            "Chi cục THADS huyện Tân Trụ",
            "CHI CỤC THADS HUYỆN TÂN TRỤ",
            "Chi cục Thi hành án dân sự H. Tân Trụ",
            "Tân Trụ",
            "Chi cục THADS huyện Tân Trụ, tỉnh Long An",
        ] {
            assert_eq!(index.resolve(name, &[]), Ok("LA-TANTRU"), "{name}");
        }
        let decomposed: String = "Chi cục THADS thị xã Kiến Tường".nfd().collect();
        assert_eq!(index.resolve(&decomposed, &[]), Ok("LA-KIENTUONG"));
        assert_eq!(
            index.resolve("Chi cục THADS TX. Kiến Tường", &[]),
            Ok("LA-KIENTUONG")
        );
        assert_eq!(index.resolve("Cục THADS tỉnh Long An", &[]), Ok("LA-CUC"));
        assert_eq!(
            index.resolve("Chi cục THADS huyện Xyz", &[]),
            Err(UnitError::Unknown)
        );
    }

    #[test]
    fn the_full_name_wins_over_the_bare_one() {
        let mut units = registry();
        units.push(unit(
            "LA-TANANH",
            "Chi cục Thi hành án dân sự huyện Tân An",
            Some("LA"),
            UnitLevel::Office,
            &[],
        ));
        let index = UnitIndex::new(&units);
        assert_eq!(
            index.resolve("Chi cục THADS TP Tân An", &[]),
            Ok("LA-TANAN")
        );
        assert_eq!(index.resolve("huyện Tân An", &[]), Ok("LA-TANANH"));
        assert!(
            matches!(index.resolve("Tân An", &[]), Err(UnitError::Ambiguous(v)) if v.len() == 2)
        );
    }

    #[test]
    fn the_province_in_the_header_settles_a_shared_name() {
        let index = UnitIndex::new(&registry());
        let name = "Chi cục THADS huyện Châu Thành";
        let Err(UnitError::Ambiguous(candidates)) = index.resolve(name, &[]) else {
            panic!("expected ambiguity");
        };
        assert_eq!(candidates[0].0, "LA-CHAUTHANH");
        assert_eq!(candidates[1].0, "TG-CHAUTHANH");
        let la = header(&[
            "CỤC THI HÀNH ÁN DÂN SỰ TỈNH LONG AN",
            "Đơn vị báo cáo: Chi cục THADS huyện Châu Thành",
        ]);
        assert_eq!(index.resolve(name, &la), Ok("LA-CHAUTHANH"));
        let tg = header(&["CỤC THADS TIỀN GIANG"]);
        assert_eq!(index.resolve(name, &tg), Ok("TG-CHAUTHANH"));
        assert_eq!(
            index.resolve("Chi cục THADS huyện Châu Thành, tỉnh Tiền Giang", &[]),
            Ok("TG-CHAUTHANH")
        );
        let both = header(&["Long An", "Tiền Giang"]);
        assert!(matches!(index.resolve(name, &both), Err(UnitError::Ambiguous(v)) if v.len() == 2));
    }

    #[test]
    fn provinces_do_not_report() {
        let index = UnitIndex::new(&registry());
        assert_eq!(index.resolve("Tiền Giang", &[]), Err(UnitError::Unknown));
    }
}
