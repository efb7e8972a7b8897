//! The one check every text people give goes through before it is stored: the registry files
//! (`units.csv`, `targets.csv`), the registry mutations (`upsertUnit`, `setTarget`) and the
//! tokens (`thads tokens create --name/--unit`).
//!
//! A control character (any `char::is_control`: NUL, a tab, CR or LF inside a field, BEL, DEL,
//! the C1 controls) is never meant in a code or a name. It cannot be seen on a screen or in a
//! printout, it breaks the lines of the CLI's output and of CSV exports, and PostgreSQL refuses
//! NUL outright while SQLite stores it; so it is refused everywhere, the same way, before
//! anything is read from or written to the database.

/// `Err` with a message naming the field, the character and its position (counted in
/// characters from 1, in the text as given) when `text` holds a control character, e.g.
/// `name contains a control character (U+0007) at position 12`.
pub fn refuse_control(field: &str, text: &str) -> Result<(), String> {
    match text.chars().enumerate().find(|(_, c)| c.is_control()) {
        Some((index, c)) => Err(format!(
            "{field} contains a control character (U+{:04X}) at position {}",
            u32::from(c),
            index + 1
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::refuse_control;

    #[test]
    fn names_the_field_the_character_and_its_position() {
        assert_eq!(refuse_control("name", "Tỉnh Long An"), Ok(()));
        assert_eq!(
            refuse_control("name", "Tân Trụ\u{7}"),
            Err("name contains a control character (U+0007) at position 8".to_owned())
        );
        for (text, code) in [
            ("\0", "0000"),
            ("\t", "0009"),
            ("\r", "000D"),
            ("\n", "000A"),
            ("\u{7f}", "007F"),
            ("\u{85}", "0085"),
        ] {
            let message = refuse_control("code", text).unwrap_err();
            assert!(
                message.contains(&format!("(U+{code}) at position 1")),
                "{message}"
            );
        }
    }
}
