//! The tokens that callers of the API present: who holds them, what they may do, and only a
//! hash of each secret.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000001_create_units::Units;

/// Creates `tokens`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `tokens`.
#[derive(DeriveIden)]
pub(crate) enum Tokens {
    Table,
    Id,
    Name,
    Role,
    UnitId,
    SecretHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tokens::Table)
                    .if_not_exists()
                    .col(pk_auto(Tokens::Id))
                    // For people: who holds it, e.g. "Tân Trụ clerk".
                    .col(text(Tokens::Name))
                    // viewer | office | admin
                    .col(string(Tokens::Role))
                    // The office an `office` token is bound to.
                    .col(integer_null(Tokens::UnitId))
                    // SHA-256 of the secret, in hex; the secret itself is never stored.
                    .col(string_uniq(Tokens::SecretHash))
                    .col(timestamp_with_time_zone(Tokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(Tokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(Tokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tokens_unit")
                            .from(Tokens::Table, Tokens::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tokens::Table).to_owned())
            .await
    }
}
