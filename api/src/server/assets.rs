//! Files served from the binary (pages, scripts, styles) and the headers every page gets: a
//! content security policy that lets it load nothing but this server's own files.

use poem::http::{StatusCode, header};
use poem::{Endpoint, Request, Response};

/// Cached for a year: for URLs that change with the content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Revalidated on every use.
pub const NO_CACHE: &str = "no-cache";
/// JavaScript.
pub const JS: &str = "text/javascript; charset=utf-8";
/// CSS.
pub const CSS: &str = "text/css; charset=utf-8";

/// A file served from the binary.
#[derive(Clone, Copy)]
pub struct Asset {
    /// Its content.
    pub body: &'static [u8],
    /// Its content type.
    pub content_type: &'static str,
    /// Its `Cache-Control`.
    pub cache_control: &'static str,
}

impl Endpoint for Asset {
    type Output = Response;

    async fn call(&self, _req: Request) -> poem::Result<Response> {
        Ok(Response::builder()
            .content_type(self.content_type)
            .header(header::CACHE_CONTROL, self.cache_control)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .body(self.body))
    }
}

/// An HTML page under a content security policy, never cached without revalidation, never
/// framed, sending no referrer.
pub fn page(html: String, content_security_policy: &'static str) -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, NO_CACHE)
        .header(header::CONTENT_SECURITY_POLICY, content_security_policy)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .body(html)
}
