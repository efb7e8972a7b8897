//! A unit's code is the same whatever its case: `la-tantru` is `LA-TANTRU` mistyped, not another
//! office. The registry service refuses such a code with the line that holds it; this unique
//! index on `LOWER(code)` makes the database refuse it too, whoever writes (another version of
//! thads, a script, a direct edit). An expression index reads the same on SQLite and
//! PostgreSQL. (`LOWER` folds only ASCII letters on SQLite; codes are ASCII in practice, and the
//! registry service folds every letter.)
//!
//! A database whose registry already holds two such codes cannot take the index: the
//! migration then stops, naming them, and changes nothing, so that an administrator renames
//! one first.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

/// Creates `idx_units_code_lower`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_units_code_lower";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let clashes = db
            .query_all_raw(Statement::from_string(
                manager.get_database_backend(),
                "SELECT code FROM units WHERE LOWER(code) IN \
                 (SELECT LOWER(code) FROM units GROUP BY LOWER(code) HAVING COUNT(*) > 1) \
                 ORDER BY LOWER(code), code",
            ))
            .await?
            .iter()
            .map(|row| row.try_get::<String>("", "code"))
            .collect::<Result<Vec<_>, _>>()?;
        if !clashes.is_empty() {
            return Err(DbErr::Migration(format!(
                "the unit registry holds codes that differ only in case ({}): they would be the \
                 same code; rename all but one of each, then run the migration again",
                clashes.join(", ")
            )));
        }
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {NAME} ON units (LOWER(code))"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {NAME}"))
            .await?;
        Ok(())
    }
}
