//! The HTTP server: GraphQL at `/graphql` (GET and POST, files as GraphQL multipart
//! requests), `POST /api/imports` for scripts, the upload page at `/upload`, the dashboard at
//! `/dashboard`, GraphiQL at `/` with its assets served locally, `/health`, gzip compression,
//! request logging, a request timeout and graceful shutdown. Repeated queries are answered from
//! a response cache that every write to the data invalidates ([`response_cache`]).
//!
//! `/graphql` and `/api/imports` know their caller from the `Authorization: Bearer …` header
//! (see [`crate::access`]); the pages, their assets and `/health` need no token.
//!
//! Tests start the whole application on port 0 with [`spawn`] (reads need a token, as under
//! `thads serve`) or [`spawn_with`]:
//!
//! ```no_run
//! # async fn demo(db: sea_orm::DatabaseConnection) -> std::io::Result<()> {
//! use thads_api::server::{ServerConfig, spawn_with};
//! let server = spawn_with(db, "127.0.0.1:0", ServerConfig::public_read()).await?;
//! let url = server.url("/graphql"); // http://127.0.0.1:PORT/graphql
//! server.stop().await?;
//! # Ok(()) }
//! ```

mod assets;
mod auth;
mod config;
pub mod dashboard;
mod endpoint;
pub mod graphiql;
mod graphql_multipart;
mod health;
mod imports;
mod logging;
mod multipart;
mod refusal;
mod report;
mod response_cache;
pub mod shutdown;
mod timeout;
pub mod upload_page;

pub use crate::graphql::limits::{Limits, MAX_BATCH};
pub use config::{REQUEST_TIMEOUT, ServerConfig};
pub use endpoint::MAX_BODY;
pub use imports::{DRY_RUN_FIELD, FILES_FIELD};
pub use multipart::{BODY_GRACE, BODY_RATE, CONCURRENT_UPLOADS, MAX_FIELD_BYTES};
pub use response_cache::DEFAULT_ENTRIES as RESPONSE_CACHE_ENTRIES;

use poem::endpoint::BoxEndpoint;
use poem::listener::TcpAcceptor;
use poem::middleware::Compression;
use poem::{EndpointExt, Response, Route, Server, get, post};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long requests in flight may take to finish once shutdown begins.
const GRACE: Duration = Duration::from_secs(10);

/// Where scripts send workbooks.
pub const IMPORTS_PATH: &str = "/api/imports";

/// The application as `thads serve` runs it by default: reads need a token.
pub fn app(db: DatabaseConnection) -> BoxEndpoint<'static, Response> {
    app_with(db, ServerConfig::default())
}

/// The application: every route with its middleware, answering from `db` as `config` says.
pub fn app_with(db: DatabaseConnection, config: ServerConfig) -> BoxEndpoint<'static, Response> {
    let schema = crate::graphql::schema_with(db.clone(), config.reads);
    let routes = Route::new()
        .at("/", get(graphiql::page))
        .at(
            "/graphql",
            get(endpoint::graphql)
                .post(endpoint::graphql)
                .around(auth::authenticate),
        )
        .at(
            IMPORTS_PATH,
            post(imports::upload).around(auth::authenticate),
        )
        .at(report::PATH, get(report::report).around(auth::authenticate))
        .at("/health", get(health::health));
    let routes = dashboard::routes(upload_page::routes(graphiql::assets(routes)));
    let limit = config.request_timeout;
    routes
        .data(schema)
        .data(db)
        .data(config.reads)
        .data(config.limits)
        .data(multipart::UploadSlots::new(config.body_grace))
        .data(response_cache::ResponseCache::new(
            config.response_cache_entries,
        ))
        .with(Compression::new())
        .around(move |next, req| timeout::within(next, req, limit))
        .around(logging::log_request)
        .boxed()
}

/// Serves [`app_with`] on `listener` until `signal` completes, then lets requests in flight
/// finish for up to ten seconds.
pub async fn serve(
    db: DatabaseConnection,
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    signal: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let acceptor = TcpAcceptor::from_tokio(listener)?;
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app_with(db, config), signal, Some(GRACE))
        .await
}

/// A server running in the background, as [`spawn`] starts it.
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of a path on it, e.g. `url("/graphql")`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops it gracefully and waits until it has stopped.
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // The server may already have stopped on its own; then there is nothing to tell.
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

/// Binds `bind` (e.g. `127.0.0.1:0` for any free port) and serves [`app`] in the background
/// until [`RunningServer::stop`]: reads need a token, as under `thads serve`.
pub async fn spawn(db: DatabaseConnection, bind: &str) -> io::Result<RunningServer> {
    spawn_with(db, bind, ServerConfig::default()).await
}

/// Binds `bind` and serves [`app_with`] `config` in the background until
/// [`RunningServer::stop`].
pub async fn spawn_with(
    db: DatabaseConnection,
    bind: &str,
    config: ServerConfig,
) -> io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(db, config, listener, async {
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task,
    })
}
