//! The approvals of periods ("phê duyệt / chốt số liệu"): one row per approval and per
//! reopening of a unit's period, never updated nor deleted, so that the history stays. A period
//! is locked for an office while the latest row of the office's unit or of any ancestor for
//! that period is an approval (`thads_domain::services::approvals`).
//!
//! The table answers reads (`periodApprovals`, `StatsRow.approved`, the consolidated report),
//! so it is watched like every such table: each change is a new revision of the data
//! ([`crate::revision_triggers`]).

use crate::m20261101_000001_create_units::Units;
use crate::revision_triggers::{unwatch, watch};
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Creates `period_approvals` and its triggers.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `period_approvals`.
#[derive(DeriveIden)]
pub(crate) enum PeriodApprovals {
    Table,
    Id,
    UnitId,
    Year,
    Months,
    Action,
    DoneBy,
    DoneAt,
    Reason,
}

/// The table's name, for its triggers.
const TABLE: &str = "period_approvals";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PeriodApprovals::Table)
                    .if_not_exists()
                    .col(pk_auto(PeriodApprovals::Id))
                    .col(integer(PeriodApprovals::UnitId))
                    .col(integer(PeriodApprovals::Year))
                    .col(integer(PeriodApprovals::Months))
                    // approve | reopen
                    .col(string(PeriodApprovals::Action))
                    // Who: a token's name, or `cli:USER`.
                    .col(text(PeriodApprovals::DoneBy))
                    .col(timestamp_with_time_zone(PeriodApprovals::DoneAt))
                    // Why it was reopened; null for an approval.
                    .col(text_null(PeriodApprovals::Reason))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_period_approvals_unit")
                            .from(PeriodApprovals::Table, PeriodApprovals::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_period_approvals_period")
                    .table(PeriodApprovals::Table)
                    .col(PeriodApprovals::Year)
                    .col(PeriodApprovals::Months)
                    .col(PeriodApprovals::UnitId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in watch(manager.get_database_backend(), TABLE) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in unwatch(manager.get_database_backend(), TABLE) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_table(Table::drop().table(PeriodApprovals::Table).to_owned())
            .await
    }
}
