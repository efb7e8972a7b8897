//! What the access and upload tests share: tokens made with the real `thads tokens create`,
//! servers with or without public reads, workbooks as bytes, and the three ways of sending
//! them (`POST /api/imports`, GraphQL multipart, plain GraphQL), over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::{AC, AV, workbook};
use crate::import_support::thads;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use reqwest::multipart::{Form as Multipart, Part};
use serde_json::{Value, json};
use thads_api::server::{RunningServer, ServerConfig, spawn_with};
use thads_domain::entities::{targets, units};
use thads_domain::services::reports::{ReportSnapshot, snapshot};
use thads_domain::{Field, Form};
use thads_tests::db::TestDb;
use thads_tests::fixtures::{CellValue, to_xlsx_bytes};

/// Office A of the tests.
pub const OFFICE_A: &str = "LA-TANTRU";
/// Office B of the tests.
pub const OFFICE_B: &str = "LA-BENLUC";

/// The tokens of the tests, each made by `thads tokens create`.
pub struct Tokens {
    /// A viewer's.
    pub viewer: String,
    /// Office A's.
    pub office_a: String,
    /// Office B's.
    pub office_b: String,
    /// An admin's.
    pub admin: String,
    /// An admin's, revoked.
    pub revoked: String,
}

/// Runs `thads tokens create --db URL ARGS…` and returns the token and its id.
pub async fn create_token(t: &TestDb, args: &[&str]) -> (String, i32) {
    let mut all = vec!["tokens", "create", "--db", t.url.as_str()];
    all.extend_from_slice(args);
    let run = thads(&all).await;
    assert_eq!(run.code, 0, "{run:#?}");
    let id = run
        .stderr
        .strip_prefix("Created token ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {:?}", run.stderr));
    (run.stdout.trim().to_owned(), id)
}

/// Makes the tokens of [`Tokens`] (the registry must hold the offices).
pub async fn tokens(t: &TestDb) -> Tokens {
    let (viewer, _) = create_token(t, &["--role", "viewer", "--name", "dashboard"]).await;
    let (office_a, _) = create_token(
        t,
        &[
            "--role",
            "office",
            "--unit",
            OFFICE_A,
            "--name",
            "Tân Trụ clerk",
        ],
    )
    .await;
    let (office_b, _) = create_token(
        t,
        &[
            "--role",
            "office",
            "--unit",
            OFFICE_B,
            "--name",
            "Bến Lức clerk",
        ],
    )
    .await;
    let (admin, _) = create_token(t, &["--role", "admin", "--name", "province"]).await;
    let (revoked, id) = create_token(t, &["--role", "admin", "--name", "former admin"]).await;
    let run = thads(&["tokens", "revoke", &id.to_string(), "--db", &t.url]).await;
    assert_eq!(run.code, 0, "{run:#?}");
    Tokens {
        viewer,
        office_a,
        office_b,
        admin,
        revoked,
    }
}

/// A server over the test database: reads need a token unless `public`.
pub async fn server(t: &TestDb, public: bool) -> RunningServer {
    let config = if public {
        ServerConfig::public_read()
    } else {
        ServerConfig::default()
    };
    spawn_with(t.db.clone(), "127.0.0.1:0", config)
        .await
        .unwrap()
}

/// An HTTP client.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn authorised(request: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::RequestBuilder {
    match token {
        Some(token) => request.header(AUTHORIZATION, format!("Bearer {token}")),
        None => request,
    }
}

/// The status and the JSON body of a response (`null` when it is not JSON).
async fn answer(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// POSTs a GraphQL request as JSON.
pub async fn graphql(
    server: &RunningServer,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> (StatusCode, Value) {
    let request = client()
        .post(server.url("/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    answer(authorised(request, token).send().await.unwrap()).await
}

/// A file to send: its name and bytes.
pub type File = (String, Vec<u8>);

/// POSTs a multipart form to `path`.
pub async fn post_form(
    server: &RunningServer,
    path: &str,
    token: Option<&str>,
    form: Multipart,
) -> (StatusCode, Value) {
    let request = client().post(server.url(path)).multipart(form);
    answer(authorised(request, token).send().await.unwrap()).await
}

/// Sends files to `POST /api/imports`.
pub async fn send(
    server: &RunningServer,
    token: Option<&str>,
    files: &[File],
    dry_run: bool,
) -> (StatusCode, Value) {
    let mut form = Multipart::new();
    for (name, bytes) in files {
        form = form.part("files", Part::bytes(bytes.clone()).file_name(name.clone()));
    }
    if dry_run {
        form = form.text("dryRun", "true");
    }
    post_form(server, "/api/imports", token, form).await
}

/// The selection of `importWorkbooks` the tests read.
pub const OUTCOME: &str = "path status unit { code } period { year months label }
    forms { form status } importId
    problems { severity code sheet cell row column { number heading } message }";

/// Sends files with the mutation `importWorkbooks`, as a GraphQL multipart request.
pub async fn send_graphql(
    server: &RunningServer,
    token: Option<&str>,
    files: &[File],
    dry_run: bool,
) -> (StatusCode, Value) {
    let nulls: Vec<Value> = files.iter().map(|_| Value::Null).collect();
    let operations = json!({
        "query": format!(
            "mutation Send($files: [Upload!]!, $dryRun: Boolean) {{
                importWorkbooks(files: $files, dryRun: $dryRun) {{ {OUTCOME} }} }}"
        ),
        "variables": { "files": nulls, "dryRun": dry_run },
    });
    let map: serde_json::Map<String, Value> = (0..files.len())
        .map(|i| (i.to_string(), json!([format!("variables.files.{i}")])))
        .collect();
    let mut form = Multipart::new()
        .text("operations", operations.to_string())
        .text("map", Value::Object(map).to_string());
    for (i, (name, bytes)) in files.iter().enumerate() {
        form = form.part(
            i.to_string(),
            Part::bytes(bytes.clone()).file_name(name.clone()),
        );
    }
    post_form(server, "/graphql", token, form).await
}

/// The period of the workbooks sent: no report of the loaded data is next to it, so that they
/// draw no warning.
pub const PERIOD: (i32, u8) = (2021, 3);

/// A valid workbook of `unit` for [`PERIOD`]; `version` changes its figures.
pub fn book(unit: &str, version: i64) -> File {
    let spec = workbook(
        unit,
        PERIOD,
        &[(AC, 100, 10 + version)],
        &[(AV, 3_000_000_000, 1_000_000_000)],
    );
    (
        format!("{unit}-2021-03-v{version}.xlsx").to_lowercase(),
        to_xlsx_bytes(&spec).unwrap(),
    )
}

/// Office A's workbook for [`PERIOD`] with text where the number of criminal cases completed
/// belongs, and the cell it is in.
pub fn broken() -> (File, String) {
    let spec = workbook(
        OFFICE_A,
        PERIOD,
        &[(AC, 100, 20)],
        &[(AV, 3_000_000_000, 1_000_000_000)],
    )
    .set(Form::Cases, AC, Field::Completed, CellValue::text("mười"));
    let cell = spec.cell(Form::Cases, AC, Field::Completed).unwrap();
    let file = ("broken.xlsx".to_owned(), to_xlsx_bytes(&spec).unwrap());
    (file, cell)
}

/// What the database holds that a write could change: every report, the number of import
/// records, the units and the targets.
#[derive(Debug, PartialEq)]
pub struct Stored {
    /// Every report, current or not.
    pub reports: Vec<ReportSnapshot>,
    /// How many import records.
    pub imports: u64,
    /// Every unit.
    pub units: Vec<units::Model>,
    /// Every target.
    pub targets: Vec<(i32, i32, Form, String)>,
}

/// What the database holds now.
pub async fn stored(t: &TestDb) -> Stored {
    use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
    Stored {
        reports: snapshot(&t.db).await.unwrap(),
        imports: thads_domain::entities::imports::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        units: units::Entity::find()
            .order_by_asc(units::Column::Id)
            .all(&t.db)
            .await
            .unwrap(),
        targets: targets::Entity::find()
            .order_by_asc(targets::Column::Id)
            .all(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.year, t.unit_id, t.measure, format!("{:.6}", t.rate)))
            .collect(),
    }
}

/// The code of the first error of a GraphQL answer.
pub fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

/// Runs a query or mutation with the admin's token; its data, or its first error's code and
/// message.
pub async fn admin(
    server: &RunningServer,
    token: &str,
    query: &str,
    variables: Value,
) -> Result<Value, (String, String)> {
    let (status, answer) = graphql(server, Some(token), query, variables).await;
    assert_eq!(status, StatusCode::OK, "{answer:#}");
    match answer.get("errors") {
        None => Ok(answer["data"].clone()),
        Some(errors) => Err((
            errors[0]["extensions"]["code"].as_str().unwrap().to_owned(),
            errors[0]["message"].as_str().unwrap().to_owned(),
        )),
    }
}
