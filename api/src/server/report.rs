//! `GET /api/report?unit=CODE&year=Y&months=M[&format=text|csv|xlsx][&asOf=DATE][&lowest=N]`:
//! the report `thads report` writes, for dashboards and for a leader's link, with the access
//! rules of queries (a token, unless reads are public). The format is `text` when absent; the
//! wording is the built-in template.
//!
//! | status | when |
//! |--------|------|
//! | 200 | the report: `text/plain` or `text/csv` (UTF-8) shown inline, or the workbook (the .xlsx media type) as an attachment; named `bao-cao-UNIT-Y-M.EXT` |
//! | 400 | a parameter is missing, unknown or out of range; an office asked for the ranking |
//! | 401 | no token (or a bad one) where reads need one |
//! | 404 | `NOT_FOUND`: the unit is not in the registry; `NO_REPORTS`: none of its offices reported the period |
//!
//! Refusals have the GraphQL error shape, their messages in Vietnamese then English.

use crate::access::{Caller, ReadPolicy};
use crate::graphql::errors::{BAD_USER_INPUT, NO_REPORTS, NOT_FOUND};
use crate::server::refusal::Refusal;
use chrono::NaiveDate;
use poem::http::{StatusCode, header};
use poem::web::{Data, Query};
use poem::{IntoResponse, Response, handler};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use thads_domain::Period;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_report::{Consolidated, Format, ReportError, Template, render};

/// Where the report is served.
pub const PATH: &str = "/api/report";

/// The most offices with the lowest rates a paragraph may name in each measure.
const MAX_LOWEST: usize = 100;
/// How many it names when `lowest` is absent, as `thads report` does.
const DEFAULT_LOWEST: usize = 4;

/// The query string.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Params {
    unit: String,
    year: i64,
    months: i64,
    format: Option<Format>,
    as_of: Option<NaiveDate>,
    lowest: Option<usize>,
}

/// Makes the report; see the module documentation.
#[handler]
pub async fn report(
    params: poem::Result<Query<Params>>,
    Data(db): Data<&DatabaseConnection>,
    Data(caller): Data<&Caller>,
    Data(policy): Data<&ReadPolicy>,
) -> Response {
    if let Err(denial) = caller.may_read(*policy) {
        return Refusal::denied(&denial).into_response();
    }
    match answer(db, params).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn answer(
    db: &DatabaseConnection,
    params: poem::Result<Query<Params>>,
) -> Result<Response, Refusal> {
    let Query(params) = params.map_err(|e| {
        Refusal::bad_request(format!(
            "Tham số không hợp lệ / bad parameters: {e}; expected unit, year, months and \
             optionally format (text, csv or xlsx), asOf (YYYY-MM-DD) and lowest"
        ))
    })?;
    let period = Period::new(params.year, params.months).map_err(|e| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            BAD_USER_INPUT,
            format!("Kỳ báo cáo không hợp lệ / invalid period: {e}"),
        )
    })?;
    let lowest = params.lowest.unwrap_or(DEFAULT_LOWEST);
    if lowest > MAX_LOWEST {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            BAD_USER_INPUT,
            format!("lowest must be at most {MAX_LOWEST}, found {lowest}"),
        ));
    }
    let format = params.format.unwrap_or(Format::Text);
    let units = UnitTree::load(db)
        .await
        .map_err(|e| Refusal::internal(&e))?;
    let cases = CaseTree::load(db)
        .await
        .map_err(|e| Refusal::internal(&e))?;
    let gathered = Consolidated::gather(db, &units, &cases, &params.unit, period, params.as_of)
        .await
        .map_err(|e| refused(&e))?;
    // Made after the awaits: a Fluent bundle cannot cross threads.
    let template = Template::built_in().map_err(|e| refused(&e))?;
    let bytes = render(&gathered, format, &template, lowest).map_err(|e| refused(&e))?;
    let name = format!(
        "bao-cao-{}-{}-{}.{}",
        gathered.unit.code,
        period.year(),
        period.months(),
        format.extension()
    );
    Ok(bytes
        .with_content_type(format.content_type())
        .with_header(
            header::CONTENT_DISPOSITION,
            format!(
                "{}; filename=\"{}\"",
                disposition(format),
                name.replace(['"', '\\'], "_")
            ),
        )
        .into_response())
}

/// How a browser should take the report: text and CSV shown, the workbook saved.
fn disposition(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "attachment",
        Format::Text | Format::Csv => "inline",
    }
}

/// The refusal of a report that could not be made.
fn refused(e: &ReportError) -> Refusal {
    match e {
        ReportError::UnknownUnit(_) => {
            Refusal::new(StatusCode::NOT_FOUND, NOT_FOUND, e.to_string())
        }
        ReportError::NoReports { .. } => {
            Refusal::new(StatusCode::NOT_FOUND, NO_REPORTS, e.to_string())
        }
        ReportError::OfficeRanking(_) => {
            Refusal::new(StatusCode::BAD_REQUEST, BAD_USER_INPUT, e.to_string())
        }
        ReportError::Template(_)
        | ReportError::Csv(_)
        | ReportError::Workbook(_)
        | ReportError::Domain(_) => Refusal::internal(e),
    }
}
