//! `GET` and `POST /graphql`: reads a GraphQL request within the bounds (body size, batch
//! size; files only as a GraphQL multipart request from a caller who may import, within the
//! bounds of [`super::multipart`]) and answers it with the schema, as the request's caller;
//! repeated queries from the [`super::response_cache`].
//!
//! Every request gets one [`Budget`] for all its operations (see
//! [`crate::graphql::limits`]), its execution a deadline after which its work is dropped
//! (`QUERY_TOO_EXPENSIVE`), and its serialised answer a size bound (`RESPONSE_TOO_LARGE`).
//! Mutations are refused over `GET` (405), so that a link cannot change anything.

use crate::access::Caller;
use crate::graphql::errors::{QUERY_TOO_COMPLEX, QUERY_TOO_EXPENSIVE, RESPONSE_TOO_LARGE};
use crate::graphql::limits::{Budget, Limits};
use crate::graphql::{AppSchema, cost};
use crate::server::graphql_multipart;
use crate::server::multipart::{self, UploadSlots};
use crate::server::refusal::Refusal;
use crate::server::response_cache::{Answer, Lookup, ResponseCache};
use async_graphql::http::MultipartOptions;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, ServerError};
use poem::error::ResponseError;
use poem::http::{Method, StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response, handler};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// The largest request body accepted without files, in bytes.
pub const MAX_BODY: usize = 128 * 1024;

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
    let limits = &req.data::<Limits>().copied().unwrap_or_default();
    // Held until the answer is ready: the files are imported while the request executes.
    let mut slot = None;
    let batch = if req.method() == Method::POST && multipart::is_multipart(req.headers()) {
        // Files are only for importing: a caller who may not import is refused before a slot
        // is taken or the body read.
        if let Err(denial) = caller.importer() {
            return Refusal::denied(&denial).into_response();
        }
        match multipart::read(req.headers(), body, slots, caller).await {
            Ok(received) => {
                slot = Some(received.slot);
                graphql_multipart::batch(&received.parts).await
            }
            Err(refusal) => Err(refusal),
        }
    } else {
        read(req, body).await
    };
    let batch = batch
        .and_then(|batch| within_batch_limit(batch, limits.max_batch))
        .and_then(fragments_within_bounds)
        .and_then(|batch| not_a_mutation_over_get(req, batch))
        .and_then(one_upload);
    let mut batch = match batch {
        Ok(batch) => batch
            .data(caller.clone())
            .data(Arc::new(Budget::new(*limits))),
        Err(refusal) => return refusal.into_response(),
    };
    let lookup = match slot {
        Some(_) => Lookup::Pass,
        None => cache.lookup(db, &mut batch, caller).await,
    };
    if let Lookup::Hit(response) = lookup {
        return response;
    }
    let executed = match slot {
        // Storing files is bounded by the request's timeout, not the query's deadline.
        Some(_) => schema.execute_batch(batch).await,
        None => within_deadline(schema, batch, limits).await,
    };
    let (answer, cacheable) = match within_size(executed, limits.max_response_bytes).await {
        Ok(sized) => sized,
        Err(refusal) => return refusal.into_response(),
    };
    if let Lookup::Miss(ticket) = lookup {
        cache.keep(ticket, &answer, cacheable);
    }
    drop(slot);
    answer.response()
}

/// The batch executed, or `QUERY_TOO_EXPENSIVE` for each operation when it takes longer than
/// the deadline: then its work is dropped, statements in flight included.
async fn within_deadline(
    schema: &AppSchema,
    batch: BatchRequest,
    limits: &Limits,
) -> BatchResponse {
    let operations = match &batch {
        BatchRequest::Single(_) => None,
        BatchRequest::Batch(items) => Some(items.len()),
    };
    match tokio::time::timeout(limits.timeout, schema.execute_batch(batch)).await {
        Ok(response) => response,
        Err(_) => {
            let error = coded(
                format!(
                    "the query took longer than the {} seconds one request may take, and was \
                     stopped: ask for less, or try again when the server is less busy (the \
                     limit is `thads serve --query-timeout`)",
                    limits.timeout.as_secs_f64()
                ),
                QUERY_TOO_EXPENSIVE,
                "queryTimeout",
            );
            each(operations, error)
        }
    }
}

/// The answer serialised, or `RESPONSE_TOO_LARGE` for each operation when it is larger than
/// `max` bytes; and whether it may be cached (it is the executed answer, without errors).
async fn within_size(executed: BatchResponse, max: usize) -> Result<(Answer, bool), Refusal> {
    let operations = match &executed {
        BatchResponse::Single(_) => None,
        BatchResponse::Batch(items) => Some(items.len()),
    };
    let cacheable = executed.is_ok();
    let answer = Answer::of(executed).await?;
    if answer.len() <= max {
        return Ok((answer, cacheable));
    }
    let error = coded(
        format!(
            "the answer would be larger than the {max} bytes one request may receive: ask for \
             fewer rows or fields (the limit is `thads serve --max-response-bytes`)"
        ),
        RESPONSE_TOO_LARGE,
        "maxResponseBytes",
    );
    Ok((Answer::of(each(operations, error)).await?, false))
}

/// The same error for a single request, or for each of `operations` of a batch.
fn each(operations: Option<usize>, error: ServerError) -> BatchResponse {
    let response = || async_graphql::Response::from_errors(vec![error.clone()]);
    match operations {
        None => BatchResponse::Single(response()),
        Some(n) => BatchResponse::Batch((0..n).map(|_| response()).collect()),
    }
}

/// An error with a code and the name of the limit it is about.
fn coded(message: String, code: &'static str, limit: &'static str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code);
    extensions.set("limit", limit);
    error
}

/// The batch, or a refusal when it holds more than `max` operations.
fn within_batch_limit(batch: BatchRequest, max: usize) -> Result<BatchRequest, Refusal> {
    if let BatchRequest::Batch(items) = &batch
        && items.len() > max
    {
        return Err(Refusal::bad_request(format!(
            "a batch may hold at most {max} operations, found {}",
            items.len()
        )));
    }
    Ok(batch)
}

/// The batch, or `QUERY_TOO_COMPLEX` when a document's fragments, expanded where they are
/// spread, stand for more than [`cost::MAX_VISITS`] selections. Checked here, on the parse the
/// schema then reuses, because async-graphql's own checks expand such a document selection by
/// selection before any limit of its own: a few hundred bytes of fragments spread twice in
/// fragments spread twice held a core for seconds.
fn fragments_within_bounds(mut batch: BatchRequest) -> Result<BatchRequest, Refusal> {
    for request in batch.iter_mut() {
        if let Ok(document) = request.parsed_query()
            && !cost::expands_within_bounds(document)
        {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                QUERY_TOO_COMPLEX,
                format!(
                    "the query's fragments, expanded where they are spread, stand for more than \
                     {} fields: spread each fragment once where it is needed",
                    cost::MAX_VISITS
                ),
            ));
        }
    }
    Ok(batch)
}

/// The batch, or a refusal when its operations call `importWorkbooks` more than once in all
/// (by aliases, fragments or several operations): one upload is stored once.
fn one_upload(mut batch: BatchRequest) -> Result<BatchRequest, Refusal> {
    let mut calls = 0;
    for request in batch.iter_mut() {
        let name = request.operation_name.clone();
        if let Ok(document) = request.parsed_query()
            && let Some(operation) = cost::operation(document, name.as_deref())
        {
            calls += cost::upload_calls(document, operation);
        }
    }
    if calls > 1 {
        return Err(Refusal::bad_request(format!(
            "a request may call {} once, found {calls} calls: send each upload in its own \
             request",
            cost::UPLOAD_MUTATION
        )));
    }
    Ok(batch)
}

/// The batch, or 405 when a `GET` asks for a mutation: changes only over `POST`. A query
/// that does not parse goes on, to be answered with its syntax error.
fn not_a_mutation_over_get(
    req: &Request,
    mut batch: BatchRequest,
) -> Result<BatchRequest, Refusal> {
    if req.method() != Method::GET {
        return Ok(batch);
    }
    let mut mutation = false;
    for request in batch.iter_mut() {
        if let Ok(document) = request.parsed_query() {
            mutation |= document
                .operations
                .iter()
                .any(|(_, op)| op.node.ty == OperationType::Mutation);
        }
    }
    if mutation {
        return Err(Refusal::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "mutations are sent with POST, never GET",
        )
        .with_header(header::ALLOW, "POST"));
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
