//! Other spellings of unit names, with the normalised key they are matched by.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000001_create_units::Units;

/// Creates `unit_aliases`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UnitAliases {
    Table,
    Id,
    UnitId,
    Alias,
    Key,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnitAliases::Table)
                    .if_not_exists()
                    .col(pk_auto(UnitAliases::Id))
                    .col(integer(UnitAliases::UnitId))
                    .col(text(UnitAliases::Alias))
                    .col(text(UnitAliases::Key))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_aliases_unit")
                            .from(UnitAliases::Table, UnitAliases::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_unit_aliases_unit_alias")
                    .table(UnitAliases::Table)
                    .col(UnitAliases::UnitId)
                    .col(UnitAliases::Alias)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_unit_aliases_key")
                    .table(UnitAliases::Table)
                    .col(UnitAliases::Key)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UnitAliases::Table).to_owned())
            .await
    }
}
