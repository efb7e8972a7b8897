//! `GET` and `POST /graphql`: reads a GraphQL request within the bounds (body size, batch
//! size, no file uploads) and answers it with the schema.

use crate::graphql::AppSchema;
use async_graphql::http::MultipartOptions;
use async_graphql::{BatchRequest, ServerError};
use async_graphql_poem::GraphQLBatchResponse;
use poem::error::ResponseError;
use poem::http::{Method, StatusCode, header};
use poem::web::{Data, Json};
use poem::{Body, IntoResponse, Request, Response, handler};

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 128 * 1024;
/// The most operations one batch may hold.
pub const MAX_BATCH: usize = 16;

/// Answers a GraphQL request: the query string of a `GET`, the JSON (or `application/graphql`)
/// body of a `POST`.
#[handler]
pub async fn graphql(req: &Request, body: Body, Data(schema): Data<&AppSchema>) -> Response {
    match read(req, body).await {
        Ok(batch) => GraphQLBatchResponse(schema.execute_batch(batch).await).into_response(),
        Err(refusal) => refusal,
    }
}

/// The request, or the response that refuses it.
async fn read(req: &Request, body: Body) -> Result<BatchRequest, Response> {
    if req.method() == Method::GET {
        let query = req.uri().query().unwrap_or_default();
        return async_graphql::http::parse_query_string(query)
            .map(BatchRequest::Single)
            .map_err(|e| refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", &e.to_string()));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("multipart/"))
    {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send GraphQL requests as application/json; file uploads are not accepted here",
        ));
    }
    let bytes = body.into_bytes_limit(MAX_BODY).await.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "PAYLOAD_TOO_LARGE"
        } else {
            "BAD_REQUEST"
        };
        refuse(
            status,
            code,
            &format!("the request body must be at most {MAX_BODY} bytes"),
        )
    })?;
    let batch = if is_graphql(content_type.as_deref()) {
        let query = String::from_utf8(bytes.to_vec()).map_err(|_| {
            refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the query is not UTF-8",
            )
        })?;
        BatchRequest::Single(async_graphql::Request::new(query))
    } else {
        let options = MultipartOptions::default()
            .max_num_files(0)
            .max_file_size(0);
        async_graphql::http::receive_batch_body(content_type, &bytes[..], options)
            .await
            .map_err(|e| refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", &e.to_string()))?
    };
    if let BatchRequest::Batch(items) = &batch
        && items.len() > MAX_BATCH
    {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!(
                "a batch may hold at most {MAX_BATCH} operations, found {}",
                items.len()
            ),
        ));
    }
    Ok(batch)
}

/// Whether the body is a bare query (`application/graphql`).
fn is_graphql(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/graphql"))
    })
}

/// A GraphQL-shaped error response with an HTTP status.
fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    Json(serde_json::json!({ "errors": [error] }))
        .with_status(status)
        .into_response()
}
