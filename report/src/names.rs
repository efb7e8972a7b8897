//! Offices as a report's paragraph names them: by their place, the way a person writes it
//! ("Kiến Tường", "Tân Trụ"), not by their official name ("Chi cục Thi hành án dân sự thị xã
//! Kiến Tường").
//!
//! The rule, decided here and documented in the README:
//! - a district office ("Chi cục Thi hành án dân sự huyện Tân Trụ", also written "Chi cục
//!   THADS …") is named by its place alone, the kind of area dropped ("huyện", "thị xã",
//!   "thành phố", "quận" and their abbreviations): "Tân Trụ", "Kiến Tường". Within a province
//!   the place is unambiguous, and it is how the departments' reports name their offices;
//! - a regional office ("Phòng Thi hành án dân sự khu vực 2 - Tây Ninh") is "Khu vực 2 - Tây
//!   Ninh";
//! - the province's own department ("Cục Thi hành án dân sự tỉnh Long An", or since 2025 "Thi
//!   hành án dân sự tỉnh Long An") keeps its kind, abbreviated: "Cục THADS tỉnh Long An",
//!   "THADS tỉnh Long An";
//! - any other name is kept as it is.
//!
//! Phrases are recognised whatever their case, accents' Unicode form or spelling of the tone
//! (compared through [`thads_domain::names::key`]).

use thads_domain::names::key;

/// Phrases that open a district office's name; the place follows.
const DISTRICT_OFFICE: [&str; 3] = ["Chi cục Thi hành án dân sự", "Chi cục THADS", "Chi cục THA"];

/// Phrases that open a regional office's name; "khu vực N" follows.
const REGIONAL_OFFICE: [&str; 2] = ["Phòng Thi hành án dân sự", "Phòng THADS"];

/// Phrases that open a province department's name, and how they are abbreviated.
const DEPARTMENT: [(&str, &str); 4] = [
    ("Cục Thi hành án dân sự", "Cục THADS"),
    ("Cục THADS", "Cục THADS"),
    ("Thi hành án dân sự", "THADS"),
    ("THADS", "THADS"),
];

/// The kinds of area a district office's place opens with.
const AREA_KINDS: [&str; 8] = ["thị xã", "tx", "thành phố", "tp", "huyện", "h", "quận", "q"];

/// The name a report's paragraph gives a unit (see the module's rule).
pub fn short_name(name: &str) -> String {
    let name = name.trim();
    if let Some(place) = strip_any(name, &DISTRICT_OFFICE) {
        let place = strip_any(place, &AREA_KINDS).unwrap_or(place);
        return place.to_owned();
    }
    if let Some(rest) = strip_any(name, &REGIONAL_OFFICE) {
        return capitalise(rest);
    }
    for (phrase, short) in DEPARTMENT {
        if let Some(rest) = strip_phrase(name, phrase) {
            return format!("{short} {rest}");
        }
    }
    name.to_owned()
}

/// What follows the first of `phrases` that opens `name`.
fn strip_any<'a>(name: &'a str, phrases: &[&str]) -> Option<&'a str> {
    phrases.iter().find_map(|p| strip_phrase(name, p))
}

/// What follows `phrase` when it opens `name` as whole words (punctuation after a word, as in
/// "TX.", belongs to it); `None` when it does not or nothing follows.
fn strip_phrase<'a>(name: &'a str, phrase: &str) -> Option<&'a str> {
    let wanted = key(phrase);
    let words = phrase.split_whitespace().count();
    let mut rest = name;
    let mut taken = Vec::with_capacity(words);
    for _ in 0..words {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        taken.push(&rest[..word_end]);
        rest = rest[word_end..].trim_start();
    }
    let rest = rest.trim_start_matches(['-', ' ']);
    (key(&taken.join(" ")) == wanted && !rest.is_empty()).then_some(rest)
}

/// The text with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn district_offices_by_their_place() {
        assert_eq!(
            short_name("Chi cục Thi hành án dân sự thị xã Kiến Tường"),
            "Kiến Tường"
        );
        assert_eq!(
            short_name("Chi cục Thi hành án dân sự huyện Tân Trụ"),
            "Tân Trụ"
        );
        assert_eq!(short_name("Chi cục THADS TX. Kiến Tường"), "Kiến Tường");
        assert_eq!(
            short_name("chi cục thi hành án dân sự thành phố Tân An"),
            "Tân An"
        );
        assert_eq!(short_name("Chi cục Bình"), "Chi cục Bình");
    }

    #[test]
    fn regional_offices_and_departments() {
        assert_eq!(
            short_name("Phòng Thi hành án dân sự khu vực 2 - Tây Ninh"),
            "Khu vực 2 - Tây Ninh"
        );
        assert_eq!(
            short_name("Cục Thi hành án dân sự tỉnh Long An"),
            "Cục THADS tỉnh Long An"
        );
        assert_eq!(
            short_name("Thi hành án dân sự tỉnh Tây Ninh"),
            "THADS tỉnh Tây Ninh"
        );
        assert_eq!(short_name("Tỉnh Long An"), "Tỉnh Long An");
    }
}
