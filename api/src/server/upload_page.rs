//! The upload page at `/upload`, for office clerks: paste the office's token once (the
//! browser keeps it), choose or drop the workbooks, and see what became of each, with every
//! problem and its sheet and cell, in Vietnamese with English alongside. Plain HTML, CSS and
//! JavaScript served from the binary, under a policy that lets the page load and call nothing
//! but this server. It sends the files to `POST /api/imports`.

use crate::server::assets::{self, Asset, CSS, JS, NO_CACHE};
use poem::{Response, Route, get, handler};

/// Where the page is served.
pub const PATH: &str = "/upload";
/// Where its script is served.
pub const SCRIPT: &str = "/assets/thads/upload.js";
/// Where its style sheet is served.
pub const STYLE: &str = "/assets/thads/upload.css";

const PAGE: &str = include_str!("upload.html");
const SCRIPT_BODY: &[u8] = include_bytes!("upload.js");
const STYLE_BODY: &[u8] = include_bytes!("upload.css");

/// The page may load, and send requests to, nothing but its own server; no inline script or
/// style.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The page and its assets, added to `route`.
pub fn routes(route: Route) -> Route {
    let asset = |body, content_type| {
        get(Asset {
            body,
            content_type,
            cache_control: NO_CACHE,
        })
    };
    route
        .at(PATH, get(page))
        .at(SCRIPT, asset(SCRIPT_BODY, JS))
        .at(STYLE, asset(STYLE_BODY, CSS))
}

/// `GET /upload`.
#[handler]
fn page() -> Response {
    assets::page(PAGE.to_owned(), CONTENT_SECURITY_POLICY)
}
