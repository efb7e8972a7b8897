//! Yearly target rates per unit and measure; a unit without its own takes its nearest
//! ancestor's.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261101_000001_create_units::Units;

/// Creates `targets`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Targets {
    Table,
    Id,
    Year,
    UnitId,
    Measure,
    Rate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Targets::Table)
                    .if_not_exists()
                    .col(pk_auto(Targets::Id))
                    .col(integer(Targets::Year))
                    .col(integer(Targets::UnitId))
                    // cases | money
                    .col(string(Targets::Measure))
                    // A percentage, 0–100.
                    .col(double(Targets::Rate))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_targets_unit")
                            .from(Targets::Table, Targets::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_targets_year_unit_measure")
                    .table(Targets::Table)
                    .col(Targets::Year)
                    .col(Targets::UnitId)
                    .col(Targets::Measure)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Targets::Table).to_owned())
            .await
    }
}
