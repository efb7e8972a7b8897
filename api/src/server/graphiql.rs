//! The GraphiQL page at `/` and its assets, served from the binary itself: no CDN, so it works
//! in a closed network. The vendored files (GraphiQL 3.8.3, React 18.3.1) are refreshed by
//! `api/assets/refresh.sh`; their URLs carry the version, so they are cached for a year.
//!
//! The page opens with an example query on the newest period and the first province of the
//! database that existed at its end (after a reorganisation, one of the new provinces): that
//! province's offices ranked by completion rate, with targets and the previous
//! year (when reads are public; otherwise a placeholder, and the caller adds the header
//! `Authorization: Bearer …` in GraphiQL's headers pane). `?query=…` opens another query and
//! `run=1` runs it at once.

use crate::access::ReadPolicy;
use crate::server::assets::{self, Asset, CSS, IMMUTABLE, JS, NO_CACHE};
use poem::web::Data;
use poem::{Response, Route, get, handler};
use sea_orm::DatabaseConnection;
use thads_domain::services::{catalog, registry};
use thads_domain::{Period, UnitLevel};

/// Where the vendored GraphiQL files are served; the version makes the URLs immutable.
pub const ASSETS: &str = "/assets/graphiql/3.8.3";
/// Where the script that starts GraphiQL is served.
pub const INIT: &str = "/assets/thads/graphiql.js";

/// The vendored files: name, content, content type.
const FILES: [(&str, &[u8], &str); 4] = [
    (
        "graphiql.min.css",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
        CSS,
    ),
    (
        "graphiql.min.js",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
        JS,
    ),
    (
        "react.production.min.js",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
        JS,
    ),
    (
        "react-dom.production.min.js",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
        JS,
    ),
];

/// The page, with `{{ASSETS}}`, `{{INIT}}` and `{{CONFIG}}` to fill in.
const PAGE: &str = include_str!("graphiql.html");
/// The script that starts GraphiQL.
const INIT_JS: &[u8] = include_bytes!("graphiql.js");

/// The page may load nothing but its own server's files.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The routes of the assets (the page itself is routed by the caller).
pub fn assets(route: Route) -> Route {
    let route = FILES
        .iter()
        .fold(route, |route, &(name, body, content_type)| {
            route.at(
                format!("{ASSETS}/{name}"),
                get(Asset {
                    body,
                    content_type,
                    cache_control: IMMUTABLE,
                }),
            )
        });
    route.at(
        INIT,
        get(Asset {
            body: INIT_JS,
            content_type: JS,
            cache_control: NO_CACHE,
        }),
    )
}

/// `GET /`: the GraphiQL page.
#[handler]
pub async fn page(Data(db): Data<&DatabaseConnection>, Data(reads): Data<&ReadPolicy>) -> Response {
    // The page itself needs no token: it shows the database's names only when anyone may read.
    let example = if reads.anonymous {
        Example::of(db).await
    } else {
        Example::placeholder()
    };
    let config = serde_json::json!({
        "endpoint": "/graphql",
        "defaultQuery": example.query(),
    });
    let html = PAGE
        .replace("{{ASSETS}}", ASSETS)
        .replace("{{INIT}}", INIT)
        .replace("{{CONFIG}}", &script_safe(&config.to_string()));
    assets::page(html, CONTENT_SECURITY_POLICY)
}

/// JSON that cannot end the `<script>` block it sits in.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What the example query is about.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Example {
    /// The period; `None` in an empty database.
    period: Option<Period>,
    province: String,
    province_name: String,
}

impl Example {
    /// The example of an empty database.
    fn placeholder() -> Self {
        Self {
            period: None,
            province: "LA".to_owned(),
            province_name: "a province".to_owned(),
        }
    }

    /// The newest period and the first province of the database that existed at its end,
    /// else placeholders.
    async fn of(db: &DatabaseConnection) -> Self {
        let period = match catalog::periods(db).await {
            Ok(periods) => periods.first().copied(),
            Err(e) => {
                tracing::warn!(error = %e, "GraphiQL example: cannot read the periods");
                None
            }
        };
        let province = match registry::load_units(db).await {
            Ok(units) => units.into_iter().find(|u| {
                u.level == UnitLevel::Province
                    && period.is_none_or(|p| u.validity.holds_on(p.end()))
            }),
            Err(e) => {
                tracing::warn!(error = %e, "GraphiQL example: cannot read the units");
                None
            }
        };
        let placeholder = Self::placeholder();
        Self {
            period,
            province: province
                .as_ref()
                .map_or(placeholder.province, |u| u.code.clone()),
            province_name: province.map_or(placeholder.province_name, |u| u.name),
        }
    }

    /// The query GraphiQL opens with.
    fn query(&self) -> String {
        let name: String = self
            .province_name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!(
            r#"# Welcome to thads. Run this query with ▶ (Ctrl-Enter);
# the Docs button lists everything the API answers.
#
# The offices of {name}, {label},
# ranked by completion rate in cases, with the yearly
# target, the pro-rata target ("tiến độ") and the same
# period of the previous year ("cùng kỳ").
query OfficesByRate {{
  stats(
    period: {{ year: {year}, months: {months} }}
    filter: {{ units: [{province}] }}
    groupBy: [OFFICE]
    orderBy: [{{ field: CASES_RATE, direction: DESC }}]
  ) {{
    unit {{ code name }}
    cases {{
      enforceable
      resolved
      rate
      target
      proratedTarget
      gapToTarget
      previousYear {{ enforceable resolved rate }}
    }}
    money {{
      enforceable
      resolved
      rate
      target
      previousYear {{ rate }}
    }}
  }}
}}
"#,
            label = self
                .period
                .map_or("9 tháng năm 2020".to_owned(), Period::label),
            year = self.period.map_or(2020, Period::year),
            months = self.period.map_or(9, Period::months),
            province = serde_json::Value::String(self.province.clone()),
        )
    }
}
