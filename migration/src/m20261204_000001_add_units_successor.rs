//! A unit that ends hands over to its successor, the unit that starts the day after
//! (`reorganisation.md`): `units.successor_id`, null when the unit has none.

use sea_orm_migration::prelude::*;

/// Adds `successor_id` to `units`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Written out: SQLite adds a column with its reference only this way (sea-query refuses
        // foreign keys in SQLite's ALTER TABLE), and PostgreSQL reads the same statement.
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE units ADD COLUMN successor_id INTEGER NULL \
                 REFERENCES units (id) ON DELETE RESTRICT",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE units DROP COLUMN successor_id")
            .await?;
        Ok(())
    }
}
