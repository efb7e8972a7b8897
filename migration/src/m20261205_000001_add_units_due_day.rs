//! The monthly deadline: `units.due_day`, the day of the month after a period by which the
//! offices below a unit must have sent their reports of it (e.g. 5: a period ending 30 June is
//! due on 5 July). Null when the unit sets none; offices take their nearest ancestor's. Kept on
//! `units`, whose changes already make cached answers obsolete.

use sea_orm_migration::prelude::*;

/// Adds `due_day` to `units`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE units ADD COLUMN due_day INTEGER NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE units DROP COLUMN due_day")
            .await?;
        Ok(())
    }
}
