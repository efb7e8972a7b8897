//! A raw SQL statement built piece by piece, with its values bound in the placeholder style of
//! the backend (`$1` on PostgreSQL, `?` elsewhere): the text is otherwise the same on both.

use sea_orm::{DbBackend, Statement, Value};
use std::fmt::Write;

/// Id lists longer than this are written as integer literals rather than bound one parameter
/// each, far below the bind limits of SQLite (32766) and PostgreSQL (65535). Ids are integers
/// read from the database, so writing them out cannot inject anything.
pub(crate) const MAX_BOUND_IDS: usize = 10_000;

/// SQL text and the values bound to its placeholders.
pub(super) struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// An empty statement for a backend.
    pub(super) fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Appends text.
    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub(super) fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                let _ = write!(self.text, "${}", self.values.len());
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `column IN (…)` for the ids, or any integers such as years (never empty: the
    /// caller skips empty sets).
    pub(super) fn in_ids(&mut self, column: &str, ids: &[i32]) -> &mut Self {
        self.push(column).push(" IN (");
        if ids.len() > MAX_BOUND_IDS {
            self.push(&literal_list(ids));
        } else {
            for (i, &id) in ids.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.bind(id);
            }
        }
        self.push(")")
    }

    /// The statement.
    pub(super) fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// Ids written as a comma-separated list of integer literals.
pub(crate) fn literal_list(ids: &[i32]) -> String {
    let mut text = String::with_capacity(ids.len() * 6);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{id}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        for (backend, expected) in [
            (DbBackend::Postgres, "x = $1 AND y IN ($2, $3)"),
            (DbBackend::Sqlite, "x = ? AND y IN (?, ?)"),
        ] {
            let mut sql = Sql::new(backend);
            sql.push("x = ").bind(1).push(" AND ").in_ids("y", &[2, 3]);
            let stmt = sql.build();
            assert_eq!(stmt.sql, expected);
            assert_eq!(stmt.values.map(|v| v.0.len()), Some(3));
        }
    }

    #[test]
    fn long_id_lists_are_written_out() {
        let ids: Vec<i32> = (0..=MAX_BOUND_IDS as i32).collect();
        let mut sql = Sql::new(DbBackend::Postgres);
        sql.in_ids("y", &ids);
        let stmt = sql.build();
        assert!(stmt.sql.starts_with("y IN (0, 1, 2, "));
        assert!(stmt.sql.ends_with(&format!(", {MAX_BOUND_IDS})")));
        assert_eq!(stmt.values.map(|v| v.0.len()), Some(0));
    }
}
