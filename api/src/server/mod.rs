//! The HTTP server: GraphQL at `/graphql` (GET and POST), GraphiQL at `/` with its assets
//! served locally, `/health`, gzip compression, request logging and graceful shutdown.
//!
//! Tests start the whole application on port 0 with [`spawn`]:
//!
//! ```no_run
//! # async fn demo(db: sea_orm::DatabaseConnection) -> std::io::Result<()> {
//! let server = thads_api::server::spawn(db, "127.0.0.1:0").await?;
//! let url = server.url("/graphql"); // http://127.0.0.1:PORT/graphql
//! server.stop().await?;
//! # Ok(()) }
//! ```

mod endpoint;
pub mod graphiql;
mod health;
mod logging;
pub mod shutdown;

pub use endpoint::{MAX_BATCH, MAX_BODY};

use poem::endpoint::BoxEndpoint;
use poem::listener::TcpAcceptor;
use poem::middleware::Compression;
use poem::{EndpointExt, Response, Route, Server, get};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long requests in flight may take to finish once shutdown begins.
const GRACE: Duration = Duration::from_secs(10);

/// The application: every route with its middleware, answering from `db`.
pub fn app(db: DatabaseConnection) -> BoxEndpoint<'static, Response> {
    let schema = crate::graphql::schema(db.clone());
    let routes = Route::new()
        .at("/", get(graphiql::page))
        .at("/graphql", get(endpoint::graphql).post(endpoint::graphql))
        .at("/health", get(health::health));
    graphiql::assets(routes)
        .data(schema)
        .data(db)
        .with(Compression::new())
        .around(logging::log_request)
        .boxed()
}

/// Serves [`app`] on `listener` until `signal` completes, then lets requests in flight finish
/// for up to ten seconds.
pub async fn serve(
    db: DatabaseConnection,
    listener: tokio::net::TcpListener,
    signal: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let acceptor = TcpAcceptor::from_tokio(listener)?;
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app(db), signal, Some(GRACE))
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
/// until [`RunningServer::stop`].
pub async fn spawn(db: DatabaseConnection, bind: &str) -> io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(db, listener, async {
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task,
    })
}
