//! The request timeout: a request (reading its body included) that takes longer than the
//! configured time is dropped and answered 408 `REQUEST_TIMEOUT`. Dropping it rolls back the
//! transaction of a workbook being stored; nothing is left half-written.

use crate::server::refusal::Refusal;
use poem::http::StatusCode;
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;
use std::time::Duration;

/// Calls `next` within `limit`.
pub async fn within<E: Endpoint>(
    next: Arc<E>,
    req: Request,
    limit: Duration,
) -> poem::Result<Response> {
    match tokio::time::timeout(limit, next.call(req)).await {
        Ok(response) => Ok(response?.into_response()),
        Err(_) => Ok(Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            "REQUEST_TIMEOUT",
            format!(
                "the request took longer than the {} seconds allowed",
                limit.as_secs_f64()
            ),
        )
        .into_response()),
    }
}
