//! The dashboard page at `/dashboard?unit=CODE&period=Y-M`, for the department's leaders and
//! the offices' heads: a unit's rates against its targets, its offices ranked, the year month by
//! month, where the unfinished cases and money sit, which offices reported, and the unit's
//! report to download. Vietnamese first, English beneath. The page is a GraphQL client like any
//! dashboard: every figure comes from `/graphql`, with the access rules of queries (a token is
//! asked for, as on `/upload`, unless reads are public). Its script, style and the vendored
//! Chart.js (refreshed by `api/assets/refresh.sh`) are served from the binary, under a policy
//! that lets the page load and call nothing but this server.

use crate::server::assets::{self, Asset, CSS, IMMUTABLE, JS, NO_CACHE};
use poem::{Response, Route, get, handler};

/// Where the page is served.
pub const PATH: &str = "/dashboard";
/// Where its script is served.
pub const SCRIPT: &str = "/assets/thads/dashboard.js";
/// Where its style sheet is served.
pub const STYLE: &str = "/assets/thads/dashboard.css";
/// Where the vendored Chart.js is served; the version makes the URL immutable.
pub const CHARTJS: &str = "/assets/chartjs/4.6.1/chart.umd.min.js";

const PAGE: &str = include_str!("dashboard.html");
const SCRIPT_BODY: &[u8] = include_bytes!("dashboard.js");
const STYLE_BODY: &[u8] = include_bytes!("dashboard.css");
const CHARTJS_BODY: &[u8] = include_bytes!("../../assets/chartjs/chart.umd.min.js");

/// The page may load, and send requests to, nothing but its own server; no inline script or
/// style in the page (Chart.js sizes its canvases through the style object, which the policy
/// allows).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The page and its assets, added to `route`.
pub fn routes(route: Route) -> Route {
    let asset = |body, content_type, cache_control| {
        get(Asset {
            body,
            content_type,
            cache_control,
        })
    };
    route
        .at(PATH, get(page))
        .at(SCRIPT, asset(SCRIPT_BODY, JS, NO_CACHE))
        .at(STYLE, asset(STYLE_BODY, CSS, NO_CACHE))
        .at(CHARTJS, asset(CHARTJS_BODY, JS, IMMUTABLE))
}

/// `GET /dashboard`: the page itself needs no token; its script asks for one when the API does.
#[handler]
fn page() -> Response {
    assets::page(PAGE.to_owned(), CONTENT_SECURITY_POLICY)
}
