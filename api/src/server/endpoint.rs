//! `GET` and `POST /graphql`: reads a GraphQL request within the bounds (body size, batch
//! size; files only as a GraphQL multipart request, within the bounds of
//! [`super::multipart`]) and answers it with the schema, as the request's caller; repeated
//! queries from the [`super::response_cache`].

use crate::access::Caller;
use crate::graphql::AppSchema;
use crate::server::graphql_multipart;
use crate::server::multipart::{self, UploadSlots};
use crate::server::refusal::Refusal;
use crate::server::response_cache::{Lookup, ResponseCache};
use async_graphql::BatchRequest;
use async_graphql::http::MultipartOptions;
use async_graphql_poem::GraphQLBatchResponse;
use poem::error::ResponseError;
use poem::http::{Method, StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response, handler};
use sea_orm::DatabaseConnection;

/// The largest request body accepted without files, in bytes.
pub const MAX_BODY: usize = 128 * 1024;
/// The most operations one batch may hold.
pub const MAX_BATCH: usize = 16;

/// Answers a GraphQL request: the query string of a `GET`, the JSON (or `application/graphql`)
/// body of a `POST`, or a GraphQL multipart request carrying files (never from the cache).
#[handler]
pub async fn graphql(
    req: &Request,
    body: Body,
    Data(schema): Data<&AppSchema>,
    Data(caller): Data<&Caller>,
    Data(slots): Data<&UploadSlots>,
    Data(cache): Data<&ResponseCache>,
    Data(db): Data<&DatabaseConnection>,
) -> Response {
    // Held until the answer is ready: the files are imported while the request executes.
    let mut slot = None;
    let batch = if req.method() == Method::POST && multipart::is_multipart(req.headers()) {
        match multipart::read(req.headers(), body, slots).await {
            Ok(received) => {
                slot = Some(received.slot);
                graphql_multipart::batch(&received.parts).await
            }
            Err(refusal) => Err(refusal),
        }
    } else {
        read(req, body).await
    };
    let mut batch = match batch.and_then(within_batch_limit) {
        Ok(batch) => batch.data(caller.clone()),
        Err(refusal) => return refusal.into_response(),
    };
    let lookup = match slot {
        Some(_) => Lookup::Pass,
        None => cache.lookup(db, &mut batch, caller).await,
    };
    let answer = match lookup {
        Lookup::Hit(response) => return response,
        Lookup::Miss(ticket) => cache.keep(ticket, schema.execute_batch(batch).await).await,
        Lookup::Pass => GraphQLBatchResponse(schema.execute_batch(batch).await).into_response(),
    };
    drop(slot);
    answer
}

/// The batch, or a refusal when it holds more than [`MAX_BATCH`] operations.
fn within_batch_limit(batch: BatchRequest) -> Result<BatchRequest, Refusal> {
    if let BatchRequest::Batch(items) = &batch
        && items.len() > MAX_BATCH
    {
        return Err(Refusal::bad_request(format!(
            "a batch may hold at most {MAX_BATCH} operations, found {}",
            items.len()
        )));
    }
    Ok(batch)
}

/// The request of a `GET`, or of a `POST` without files, or its refusal.
async fn read(req: &Request, body: Body) -> Result<BatchRequest, Refusal> {
    if req.method() == Method::GET {
        let query = req.uri().query().unwrap_or_default();
        return async_graphql::http::parse_query_string(query)
            .map(BatchRequest::Single)
            .map_err(|e| Refusal::bad_request(e.to_string()));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = body.into_bytes_limit(MAX_BODY).await.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "PAYLOAD_TOO_LARGE"
        } else {
            "BAD_REQUEST"
        };
        Refusal::new(
            status,
            code,
            format!("the request body must be at most {MAX_BODY} bytes"),
        )
    })?;
    if is_graphql(content_type.as_deref()) {
        let query = String::from_utf8(bytes.to_vec())
            .map_err(|_| Refusal::bad_request("the query is not UTF-8"))?;
        return Ok(BatchRequest::Single(async_graphql::Request::new(query)));
    }
    let options = MultipartOptions::default()
        .max_num_files(0)
        .max_file_size(0);
    async_graphql::http::receive_batch_body(content_type, &bytes[..], options)
        .await
        .map_err(|e| Refusal::bad_request(e.to_string()))
}

/// Whether the body is a bare query (`application/graphql`).
fn is_graphql(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/graphql"))
    })
}
