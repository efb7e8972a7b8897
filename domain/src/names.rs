//! Normalisation of the names people type: unit names and row labels.
//!
//! Offices write the same name many ways: upper or lower case, composed or decomposed Unicode,
//! the tone mark on either vowel ("Hòa"/"Hoà", "Thủy"/"Thuỷ"), "i" or "y" ("Kỳ"/"Kì"), with or
//! without punctuation, with or without "Chi cục THADS", "TX.", "huyện"… Matching compares keys
//! built here, so that every spelling of a name gives the same key.

use unicode_normalization::UnicodeNormalization;

/// Combining marks of the five Vietnamese tones; the other marks (circumflex, breve, horn) are
/// part of the letter and are kept where they are.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Consonants that may open a Vietnamese syllable.
const CONSONANTS: &str = "bcdđghklmnpqrstvx";

/// Folds free text into a list of comparable words: lower case, NFC, punctuation removed, each
/// word's tone mark moved to its end, and a final "y" after a bare consonant written "i".
///
/// Words are split first and folded one by one: a word in plain ASCII (numbers, "THADS", "thi",
/// most of a heading) only needs its case lowered, and skips the Unicode decomposition and
/// recomposition that a word with diacritics goes through. The importer folds every text of a
/// header block, every heading and every row label, so this is on the path of every workbook.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining(c)))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| {
            if w.is_ascii() {
                i_for_y(&w.to_ascii_lowercase())
            } else {
                let lowered: String = w.nfd().flat_map(char::to_lowercase).collect();
                fold_word(&lowered)
            }
        })
        .collect()
}

/// The key of a free text: its folded words joined by single spaces.
pub fn key(text: &str) -> String {
    words(text).join(" ")
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// One decomposed, lower-case word: tone removed and re-added at the end, then recomposed.
fn fold_word(word: &str) -> String {
    let tone = word.chars().find(|c| TONE_MARKS.contains(c));
    let bare: String = word
        .chars()
        .filter(|c| !TONE_MARKS.contains(c))
        .nfc()
        .collect();
    let mut folded = i_for_y(&bare);
    if let Some(t) = tone {
        folded.push(t);
    }
    folded
}

/// "ky", "my", "quy"… are also written "ki", "mi", "qui": the key uses "i".
fn i_for_y(bare: &str) -> String {
    let Some(stem) = bare.strip_suffix('y') else {
        return bare.to_owned();
    };
    let onset_only =
        !stem.is_empty() && (stem == "qu" || stem.chars().all(|c| CONSONANTS.contains(c)));
    if onset_only {
        format!("{stem}i")
    } else {
        bare.to_owned()
    }
}

/// Phrases that open an office's name and say nothing about which office it is.
const OFFICE_PREFIXES: [&str; 8] = [
    "chi cục thi hành án dân sự",
    "chi cục thads",
    "chi cục tha",
    "phòng thi hành án dân sự khu vực",
    "phòng thads khu vực",
    "văn phòng cục thi hành án dân sự",
    "văn phòng cục thads",
    "phòng thads",
];

/// Phrases that name the kind of an administrative area, with their usual abbreviations.
const AREA_KINDS: [(&str, &str); 9] = [
    ("thị xã", "thị xã"),
    ("tx", "thị xã"),
    ("thành phố", "thành phố"),
    ("tp", "thành phố"),
    ("huyện", "huyện"),
    ("h", "huyện"),
    ("quận", "quận"),
    ("q", "quận"),
    ("tỉnh", "tỉnh"),
];

/// Keys of a unit's name, from the most to the least specific.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitKeys {
    /// The name without the office prefix, area kinds spelled out: "thị xã kiên tương".
    pub full: String,
    /// The same without the kind of area: "kiên tương".
    pub bare: String,
    /// Whether the name opens with the phrase of an office ("Chi cục THADS", "Cục THADS",
    /// "Phòng THADS khu vực"…), as an office's name does and an area's name does not.
    pub office: bool,
}

/// Builds the keys under which a unit's name or alias is matched.
pub fn unit_keys(name: &str) -> UnitKeys {
    let mut w = words(name);
    let cuc = ["cục thi hành án dân sự", "cục thads", "cục tha"];
    let mut office = false;
    for prefix in OFFICE_PREFIXES.iter().chain(cuc.iter()) {
        let p = words(prefix);
        if w.starts_with(&p) && w.len() > p.len() {
            w.drain(..p.len());
            office = true;
            break;
        }
    }
    let mut kind = None;
    for (spelling, canonical) in AREA_KINDS {
        let s = words(spelling);
        if w.starts_with(&s) && w.len() > s.len() {
            w.drain(..s.len());
            kind = Some(key(canonical));
            break;
        }
    }
    let bare = w.join(" ");
    let full = match kind {
        Some(k) => format!("{k} {bare}"),
        None => bare.clone(),
    };
    UnitKeys { full, bare, office }
}

/// Leading numbering of a row label ("I.", "II-", "1.", "a)", "-", "+") is not part of it.
pub fn strip_numbering(label: &str) -> &str {
    let t = label.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '+', '*', '•', '–', '—']) {
        return rest.trim_start();
    }
    let token_end = t
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(t.len(), |(i, _)| i);
    let (token, rest) = t.split_at(token_end);
    let roman = !token.is_empty() && token.chars().all(|c| "IVXLivxl".contains(c));
    let digits = !token.is_empty() && token.chars().all(|c| c.is_ascii_digit());
    let letter = token.chars().count() == 1 && token.chars().all(char::is_alphabetic);
    let punct = rest.starts_with(['.', ')', '-', '/', ':', '–']);
    if (roman || digits) && (punct || rest.starts_with(char::is_whitespace)) || letter && punct {
        let rest = rest.trim_start_matches(['.', ')', '-', '/', ':', '–']);
        if rest.chars().any(char::is_alphabetic) {
            return rest.trim_start();
        }
    }
    t
}

/// The key of a row label: numbering removed, then folded.
pub fn label_key(label: &str) -> String {
    key(strip_numbering(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_composition_and_tone_placement_fold_together() {
        let composed = "Kiến Tường";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(key(composed), key(&decomposed));
        assert_eq!(key("KIẾN TƯỜNG"), key(composed));
        assert_eq!(key("Hòa Bình"), key("Hoà Bình"));
        assert_eq!(key("Thủy"), key("Thuỷ"));
        assert_eq!(key("Kỳ Anh"), key("Kì Anh"));
        assert_eq!(key("Quy Nhơn"), key("Qui Nhơn"));
        assert_ne!(key("Tân An"), key("Tấn An"));
        assert_ne!(key("Mộc Hóa"), key("Mộc Hoa"));
        assert_eq!(key("Duy"), "duy");
    }

    #[test]
    fn ascii_and_accented_words_fold_alike() {
        assert_eq!(
            words("CHI CỤC THADS TX. KIẾN TƯỜNG, 2020"),
            [
                "chi",
                "cuc\u{323}",
                "thads",
                "tx",
                "kiên\u{301}",
                "tương\u{300}",
                "2020"
            ]
        );
        // "Kỳ" and "Kì", "KY" and "ki": one word.
        assert_eq!(words("Kỳ báo cáo"), words("Kì BÁO CÁO"));
        assert_eq!(words("KY"), words("ki"));
        // Decomposed input keeps its marks inside the word.
        let decomposed: String = "Đức Hòa".nfd().collect();
        assert_eq!(words(&decomposed), words("Đức Hoà"));
    }

    #[test]
    fn punctuation_and_spacing_do_not_count() {
        assert_eq!(key("  Bà Rịa - Vũng   Tàu "), key("Bà Rịa Vũng Tàu"));
        assert_eq!(key("Kinh doanh, thương mại"), key("Kinh doanh thương mại"));
    }

    #[test]
    fn office_spellings_share_keys() {
        let expected = unit_keys("thị xã Kiến Tường");
        for spelling in [
            "Chi cục THADS thị xã Kiến Tường",
            "Chi cục Thi hành án dân sự TX. Kiến Tường",
            "CHI CỤC THADS TX KIẾN TƯỜNG",
            "TX Kiến Tường",
            "Phòng THADS khu vực thị xã Kiến Tường",
        ] {
            let keys = unit_keys(spelling);
            assert_eq!(
                (keys.full, keys.bare),
                (expected.full.clone(), expected.bare.clone()),
                "{spelling}"
            );
            // Only the spellings that open as an office's name say so.
            assert_eq!(keys.office, !spelling.starts_with("TX"), "{spelling}");
        }
        assert!(!expected.office);
        assert_eq!(expected.bare, key("Kiến Tường"));
        assert_eq!(unit_keys("Kiến Tường").full, expected.bare);
        assert_eq!(
            unit_keys("TP. Tân An").full,
            unit_keys("thành phố Tân An").full
        );
        assert_eq!(
            unit_keys("H. Thủ Thừa").full,
            unit_keys("huyện Thủ Thừa").full
        );
        assert_eq!(
            unit_keys("Cục Thi hành án dân sự tỉnh Long An").full,
            unit_keys("Cục THADS tỉnh Long An").full
        );
    }

    #[test]
    fn numbering_is_stripped_from_labels() {
        assert_eq!(strip_numbering("I- CHỦ ĐỘNG"), "CHỦ ĐỘNG");
        assert_eq!(strip_numbering("II. Theo yêu cầu"), "Theo yêu cầu");
        assert_eq!(strip_numbering("1. Hình sự"), "Hình sự");
        assert_eq!(strip_numbering("- Dân sự"), "Dân sự");
        assert_eq!(strip_numbering("a) Khác"), "Khác");
        assert_eq!(strip_numbering("Tổng số"), "Tổng số");
        assert_eq!(strip_numbering("12"), "12");
        assert_eq!(
            label_key("4. Kinh doanh, thương mại"),
            label_key("Kinh doanh thương mại")
        );
    }
}
