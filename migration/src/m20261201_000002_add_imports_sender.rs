//! Who sent each file: the token's id, and its name and role as they were at the time (a token
//! can be renamed or revoked later; the record of who sent what must not change with it).
//! Files imported from the command line have none.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `token_id`, `token_name` and `token_role` to `imports`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    TokenId,
    TokenName,
    TokenRole,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column at a time.
        for column in [
            integer_null(Imports::TokenId),
            text_null(Imports::TokenName),
            string_null(Imports::TokenRole),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Imports::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Imports::TokenRole, Imports::TokenName, Imports::TokenId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Imports::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
