//! `GET /health`: whether the server can read and write its database, for load balancers and
//! probes.
//!
//! | status | body | when |
//! |--------|------|------|
//! | 200 | `{"status":"ok","writable":true}` | the database answers and takes writes |
//! | 200 | `{"status":"read_only","writable":false}` | it answers but takes no writes (a read-only SQLite file, a PostgreSQL database in read-only mode or a standby): reads are served, imports and registry changes get `DATABASE_READ_ONLY` |
//! | 503 | `{"status":"unavailable"}` | it fails, or takes longer than five seconds (the cause is logged, not returned) |

use poem::http::{StatusCode, header};
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use sea_orm::DatabaseConnection;
use std::time::Duration;
use thads_domain::services::write;

/// How long the database may take to answer the check.
const TIMEOUT: Duration = Duration::from_secs(5);

/// What the check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    /// Reads and writes.
    Ok,
    /// Reads, but takes no writes.
    ReadOnly,
    /// Does not answer.
    Unavailable,
}

impl Health {
    /// The answer: its status and body.
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Health::Ok => (
                StatusCode::OK,
                serde_json::json!({ "status": "ok", "writable": true }),
            ),
            Health::ReadOnly => (
                StatusCode::OK,
                serde_json::json!({ "status": "read_only", "writable": false }),
            ),
            Health::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({ "status": "unavailable" }),
            ),
        };
        Json(body)
            .with_status(status)
            .with_header(header::CACHE_CONTROL, "no-store")
            .into_response()
    }
}

/// Answers whether the database can be read and written; see the module documentation.
#[handler]
pub async fn health(Data(db): Data<&DatabaseConnection>) -> Response {
    let db = db.clone();
    // Spawned: the writability probe changes its connection's settings while it runs and must
    // finish even when the deadline passes (see `write::writable`).
    let check = tokio::spawn(async move { check(&db).await });
    let health = match tokio::time::timeout(TIMEOUT, check).await {
        Ok(Ok(health)) => health,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: the check stopped");
            Health::Unavailable
        }
        Err(_) => {
            tracing::error!("health check: the database did not answer within {TIMEOUT:?}");
            Health::Unavailable
        }
    };
    health.into_response()
}

/// Reads, then tries a write that changes nothing.
async fn check(db: &DatabaseConnection) -> Health {
    if let Err(e) = db.ping().await {
        tracing::error!(error = %e, "health check: the database failed");
        return Health::Unavailable;
    }
    match write::writable(db).await {
        Ok(true) => Health::Ok,
        Ok(false) => Health::ReadOnly,
        Err(e) => {
            tracing::error!(error = %e, "health check: the database failed a write check");
            Health::Unavailable
        }
    }
}
