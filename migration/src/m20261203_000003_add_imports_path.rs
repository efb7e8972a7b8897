//! An import record keeps the file's own name for display and, apart, the path it was given
//! with. `file_name` used to hold the path as given to `thads import`
//! (`samples/workbooks/2020/…`, or an absolute path), and every reader of the import history
//! saw the folders of the machine that imported it. Now `file_name` is the last component
//! alone, and the path as given is in `path`, which only an administrator is shown. Files
//! uploaded over the network have no path (their name is all the server received): `path`
//! stays null for them.
//!
//! Existing records are split the same way: a `file_name` with a folder (`/` or `\`) keeps its
//! last component, and the whole of it moves to `path`; the others keep a null `path`, since
//! whether they came from a folder or over the network is not known.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

/// Adds `path` to `imports` and splits the paths stored in `file_name`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    FileName,
    Path,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Imports::Table)
                    .add_column(text_null(Imports::Path))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, file_name FROM imports",
            ))
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let path: String = row.try_get("", "file_name")?;
            let name = own_name(&path);
            if name.is_empty() || name == path {
                continue;
            }
            let update = Query::update()
                .table(Imports::Table)
                .value(Imports::FileName, name)
                .value(Imports::Path, path.as_str())
                .and_where(Expr::col(Imports::Id).eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The paths go back where they were.
        let restore = Query::update()
            .table(Imports::Table)
            .value(Imports::FileName, Expr::col(Imports::Path))
            .and_where(Expr::col(Imports::Path).is_not_null())
            .to_owned();
        manager.exec_stmt(restore).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            // The data revision's triggers on `imports` are deferred to the commit, and
            // PostgreSQL alters no table with trigger events pending: run them now.
            manager
                .get_connection()
                .execute_unprepared("SET CONSTRAINTS ALL IMMEDIATE")
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Imports::Table)
                    .drop_column(Imports::Path)
                    .to_owned(),
            )
            .await
    }
}

/// The last component of a path written on any system (`/` or `\` between folders).
fn own_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::own_name;

    #[test]
    fn keeps_the_last_component() {
        assert_eq!(own_name("samples/workbooks/2020/a.xlsx"), "a.xlsx");
        assert_eq!(own_name("/srv/thads/in/b.xls"), "b.xls");
        assert_eq!(own_name(r"C:\Users\van thu\c.xlsx"), "c.xlsx");
        assert_eq!(own_name("d.xlsx"), "d.xlsx");
    }
}
