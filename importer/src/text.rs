//! Matching phrases in the free text of cells, on folded words (see `thads_domain::names`): case,
//! Unicode composition, tone placement and punctuation do not count.

use thads_domain::names;

/// A phrase as folded words.
pub(crate) type Words = Vec<String>;

/// The folded words of a text.
pub(crate) fn words(text: &str) -> Words {
    names::words(text)
}

/// Where a phrase first occurs in a text's words, as the index of its first word.
pub(crate) fn find(hay: &[String], needle: &[String]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether a phrase occurs in a text's words.
pub(crate) fn contains(hay: &[String], needle: &[String]) -> bool {
    find(hay, needle).is_some()
}

/// Where each word of a text starts, as `words` splits it.
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
    let mut in_word = false;
    text.char_indices().filter_map(move |(i, c)| {
        let starts = is_word(c) && !in_word;
        in_word = is_word(c);
        starts.then_some(i)
    })
}

/// The text after its first `n` words, without the punctuation and spaces that follow them
/// (e.g. the value after "Đơn vị báo cáo:").
pub(crate) fn after_words(text: &str, n: usize) -> &str {
    word_starts(text)
        .nth(n)
        .map_or("", |at| trim_value(&text[at..]))
}

/// The text before its `n`-th word (counted from 0), without trailing punctuation and spaces.
pub(crate) fn before_word(text: &str, n: usize) -> &str {
    word_starts(text)
        .nth(n)
        .map_or(text, |at| trim_value(&text[..at]))
}

/// A value as written after a label: surrounding spaces, colons and dashes removed.
pub(crate) fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_whatever_the_spelling() {
        let hay = words("KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC");
        assert_eq!(find(&hay, &words("tính bằng việc")), Some(7));
        assert!(contains(&words("Mẫu số: 01/TK-THA"), &words("01/TK-THA")));
        assert!(!contains(&words("Mẫu số 02/TK-THA"), &words("01/TK-THA")));
        assert!(!contains(&hay, &[]));
    }

    #[test]
    fn the_value_after_a_label() {
        assert_eq!(
            after_words("Đơn vị báo cáo: Chi cục THADS huyện Tân Trụ", 4),
            "Chi cục THADS huyện Tân Trụ"
        );
        assert_eq!(after_words("Đơn vị tính:1.000 đồng", 3), "1.000 đồng");
        assert_eq!(after_words("Đơn vị tính:", 3), "");
        assert_eq!(after_words("Kỳ báo cáo - năm 2020", 3), "năm 2020");
        assert_eq!(
            before_word("Huyện Tân Trụ.  Đơn vị nhận báo cáo: Cục", 3),
            "Huyện Tân Trụ"
        );
        assert_eq!(before_word("Tân Trụ", 5), "Tân Trụ");
    }
}
