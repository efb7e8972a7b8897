//! Refusals: a status and a GraphQL-shaped JSON body, `{"errors":[{"message","extensions":
//! {"code"}}]}`, the same on every path so that a client reads them one way.

use crate::access::Denial;
use crate::graphql::errors::{DATABASE_READ_ONLY, FORBIDDEN, INTERNAL, UNAUTHENTICATED};
use async_graphql::ServerError;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Json;
use poem::{IntoResponse, Response};
use std::fmt::Display;
use thads_domain::DomainError;

/// A request refused: its status, a stable code and a message in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    header: Option<(header::HeaderName, &'static str)>,
}

impl Refusal {
    /// A refusal with a status, a code and a message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            header: None,
        }
    }

    /// The same, with a header to send beside it (e.g. `Allow` with a 405).
    pub fn with_header(self, name: header::HeaderName, value: &'static str) -> Self {
        Self {
            header: Some((name, value)),
            ..self
        }
    }

    /// 400 `BAD_REQUEST`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }

    /// 413 `PAYLOAD_TOO_LARGE`.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", message)
    }

    /// 401 `UNAUTHENTICATED` or 403 `FORBIDDEN`.
    pub fn denied(denial: &Denial) -> Self {
        match denial {
            Denial::Unauthenticated(message) => {
                Self::new(StatusCode::UNAUTHORIZED, UNAUTHENTICATED, message.clone())
            }
            Denial::Forbidden(message) => {
                Self::new(StatusCode::FORBIDDEN, FORBIDDEN, message.clone())
            }
        }
    }

    /// 503 `DATABASE_READ_ONLY`: the database takes no writes, so nothing was stored; the
    /// message says so in Vietnamese then English.
    pub fn read_only() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            DATABASE_READ_ONLY,
            DomainError::ReadOnly.to_string(),
        )
    }

    /// 500 `INTERNAL`, "internal error"; the cause is logged, never sent.
    pub fn internal(cause: &dyn Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            INTERNAL,
            "internal error",
        )
    }
}

impl IntoResponse for Refusal {
    /// The JSON body; a 401 also says `WWW-Authenticate: Bearer`.
    fn into_response(self) -> Response {
        let mut error = ServerError::new(self.message, None);
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", self.code);
        let mut response = Json(serde_json::json!({ "errors": [error] }))
            .with_status(self.status)
            .into_response();
        if let Some((name, value)) = self.header {
            response
                .headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
