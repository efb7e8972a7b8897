//! `GET /health`: whether the server can reach its database, for load balancers and probes.

use poem::http::{StatusCode, header};
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How long the database may take to answer the check.
const TIMEOUT: Duration = Duration::from_secs(5);

/// 200 `{"status":"ok"}` when the database answers; 503 `{"status":"unavailable"}` when it
/// fails or takes longer than five seconds (the cause is logged, not returned).
#[handler]
pub async fn health(Data(db): Data<&DatabaseConnection>) -> Response {
    let (status, word) = match tokio::time::timeout(TIMEOUT, db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: the database failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
        Err(_) => {
            tracing::error!("health check: the database did not answer within {TIMEOUT:?}");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    };
    Json(serde_json::json!({ "status": word }))
        .with_status(status)
        .with_header(header::CACHE_CONTROL, "no-store")
        .into_response()
}
