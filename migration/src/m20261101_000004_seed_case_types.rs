//! The default case types of the national forms: two groups of eight leaves each. The total
//! is the root of everything and is not a row.

use sea_orm_migration::prelude::*;

use crate::m20261101_000003_create_case_types::CaseTypes;

/// Seeds `case_types` with the default tree.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The groups: code suffix and name, in form order.
const GROUPS: [(&str, &str); 2] = [("active", "Chủ động"), ("on_request", "Theo yêu cầu")];

/// The leaves under each group: code suffix and name, in form order.
const LEAVES: [(&str, &str); 8] = [
    ("criminal", "Hình sự"),
    ("civil", "Dân sự"),
    ("family", "Hôn nhân và gia đình"),
    ("commercial", "Kinh doanh, thương mại"),
    ("labour", "Lao động"),
    ("administrative", "Hành chính"),
    ("bankruptcy", "Phá sản"),
    ("other", "Khác"),
];

fn statement_error(e: sea_query::error::Error) -> DbErr {
    DbErr::Migration(e.to_string())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            CaseTypes::Code,
            CaseTypes::Name,
            CaseTypes::ParentId,
            CaseTypes::Position,
        ];
        let mut groups = Query::insert();
        groups.into_table(CaseTypes::Table).columns(columns);
        for (position, (code, name)) in (1..).zip(GROUPS) {
            groups
                .values([
                    code.into(),
                    name.into(),
                    Expr::val(Option::<i32>::None),
                    position.into(),
                ])
                .map_err(statement_error)?;
        }
        manager.exec_stmt(groups).await?;
        // Each leaf takes its group's id from the row just inserted.
        for (group, _) in GROUPS {
            for (position, (leaf, name)) in (1..).zip(LEAVES) {
                let parent = Query::select()
                    .expr(Expr::val(format!("{group}.{leaf}")))
                    .expr(Expr::val(name))
                    .column(CaseTypes::Id)
                    .expr(Expr::val(position))
                    .from(CaseTypes::Table)
                    .and_where(Expr::col(CaseTypes::Code).eq(group))
                    .to_owned();
                let mut insert = Query::insert();
                insert
                    .into_table(CaseTypes::Table)
                    .columns(columns)
                    .select_from(parent)
                    .map_err(statement_error)?;
                manager.exec_stmt(insert).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let leaves = Query::delete()
            .from_table(CaseTypes::Table)
            .and_where(Expr::col(CaseTypes::ParentId).is_not_null())
            .to_owned();
        manager.exec_stmt(leaves).await?;
        let groups = Query::delete().from_table(CaseTypes::Table).to_owned();
        manager.exec_stmt(groups).await
    }
}
