//! An import record keeps the file's own name for everyone to see, and the path it was given
//! with (the folders of the machine that imported it) for the administrator alone: `fileName`
//! is the last component of what `thads import` was given, `path` the whole of it for an admin
//! token and null for a viewer, an office and an anonymous reader; an upload has no path. The
//! migration that brought `path` splits the records stored before it the same way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::{load, workbook};
use crate::import_support::thads;
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::Value;
use thads_migration::{Migrator, MigratorTrait};
use thads_tests::db::each_backend;
use thads_tests::fixtures::write_xlsx;

/// The newest imports' names and paths, as `caller` sees them.
async fn names_and_paths(server: &thads_api::server::RunningServer, caller: Option<&str>) -> Value {
    let (status, answer) = graphql(
        server,
        caller,
        "{ imports(limit: 2) { items { fileName path } } }",
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer:#}");
    answer["data"]["imports"]["items"].clone()
}

/// Every import record's `(file_name, path)`, by id.
async fn records(db: &DatabaseConnection) -> Vec<(String, Option<String>)> {
    let sql = Statement::from_string(
        db.get_database_backend(),
        "SELECT file_name, path FROM imports ORDER BY id",
    );
    db.query_all_raw(sql)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get("", "file_name").unwrap(),
                row.try_get("", "path").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_path_is_shown_to_admins_only_and_the_name_to_everyone() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        // A workbook in nested folders, imported from the command line.
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("nhan").join("2021").join("03");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("tantru-2021-03.xlsx");
        let spec = workbook(OFFICE_A, PERIOD, &[(crate::api_support::AC, 100, 40)], &[]);
        write_xlsx(&spec, &path).unwrap();
        let path = path.display().to_string();
        let run = thads(&["import", "--db", &t.url, &path]).await;
        assert_eq!(run.code, 0, "{backend}: {run:#?}");
        // An upload of another office's workbook.
        let server = server(&t, true).await;
        let (status, answer) =
            send(&server, Some(&tokens.office_b), &[book(OFFICE_B, 1)], false).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        let upload = book(OFFICE_B, 1).0;

        let admin = names_and_paths(&server, Some(&tokens.admin)).await;
        assert_eq!(
            admin,
            serde_json::json!([
                { "fileName": upload, "path": null },
                { "fileName": "tantru-2021-03.xlsx", "path": path },
            ]),
            "{backend}"
        );
        for (who, caller) in [
            ("viewer", Some(tokens.viewer.as_str())),
            ("anonymous", None),
        ] {
            let seen = names_and_paths(&server, caller).await;
            assert_eq!(
                seen,
                serde_json::json!([
                    { "fileName": upload, "path": null },
                    { "fileName": "tantru-2021-03.xlsx", "path": null },
                ]),
                "{backend}: {who}"
            );
        }
        let (_, office) = graphql(
            &server,
            Some(&tokens.office_a),
            "{ imports(limit: 1) { items { fileName path } } }",
            Value::Null,
        )
        .await;
        assert_eq!(
            office["data"]["imports"]["items"],
            serde_json::json!([{ "fileName": "tantru-2021-03.xlsx", "path": null }]),
            "{backend}: office"
        );

        // The report's origin names the file alone.
        let (_, answer) = graphql(
            &server,
            Some(&tokens.admin),
            r#"{ completeness(period: {year: 2021, months: 3}, unit: "LA-TANTRU") {
                form received { fileName } } }"#,
            Value::Null,
        )
        .await;
        let names: Vec<&Value> = answer["data"]["completeness"]
            .as_array()
            .unwrap_or_else(|| panic!("{backend}: {answer:#}"))
            .iter()
            .map(|r| &r["received"]["fileName"])
            .collect();
        assert_eq!(
            names,
            ["tantru-2021-03.xlsx", "tantru-2021-03.xlsx"],
            "{backend}"
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_migration_splits_the_paths_stored_before_it() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let db = &t.db;
        let steps = thads_tests::db::migrations_since("_add_imports_path");
        let split = records(db).await;
        Migrator::down(db, Some(steps)).await.unwrap();
        // Records as they were stored before: the path as given, in `file_name`.
        for (id, name) in [
            ("MIN(id)", "samples/workbooks/2020/tantru-2019-09.xlsx"),
            ("MAX(id)", r"C:\Users\Văn thư\Báo cáo\caibe-2020-09.xlsx"),
        ] {
            let sql = format!(
                "UPDATE imports SET file_name = '{name}' WHERE id = (SELECT {id} FROM imports)"
            );
            db.execute_unprepared(&sql).await.unwrap();
        }
        Migrator::up(db, None).await.unwrap();
        let now = records(db).await;
        let mut expected = split.clone();
        let last = expected.len() - 1;
        expected[0] = (
            "tantru-2019-09.xlsx".to_owned(),
            Some("samples/workbooks/2020/tantru-2019-09.xlsx".to_owned()),
        );
        expected[last] = (
            "caibe-2020-09.xlsx".to_owned(),
            Some(r"C:\Users\Văn thư\Báo cáo\caibe-2020-09.xlsx".to_owned()),
        );
        assert_eq!(now, expected, "{backend}");
        assert!(
            split.iter().all(|(name, path)| path
                .as_deref()
                .is_some_and(|p| p.ends_with(&format!("/{name}")))),
            "{backend}: {split:?}"
        );
    }
}
