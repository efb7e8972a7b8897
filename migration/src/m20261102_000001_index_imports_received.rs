//! The import history is listed newest first, a page at a time: an index on the time received
//! (and the id that breaks its ties) serves the order and the page.

use sea_orm_migration::prelude::*;

/// Creates `idx_imports_received`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    ReceivedAt,
    Id,
}

const NAME: &str = "idx_imports_received";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Imports::Table)
                    .col(Imports::ReceivedAt)
                    .col(Imports::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Imports::Table).to_owned())
            .await
    }
}
