//! What the hardening tests share: servers with chosen limits, raw HTTP for what a well-behaved
//! client never sends, and the two things every attack test checks besides the refusal: that
//! `/health` still answers within a second while the attack runs, and how much the process's
//! memory grew meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use reqwest::StatusCode;
use serde_json::Value;
use std::future::Future;
use std::time::{Duration, Instant};
use thads_api::server::{Limits, RunningServer, ServerConfig, spawn_with};
use thads_tests::db::TestDb;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest `/health` may take to answer while an attack runs.
pub const HEALTHY: Duration = Duration::from_secs(1);

/// Memory the process may grow by while an attack runs (the attacks took 600 MB to 4 GB
/// before; other tests of the binary run meanwhile, hence the margin).
pub const MEMORY_BOUND: u64 = 256 << 20;

/// A server anyone may read from, with these limits.
pub async fn server_with(t: &TestDb, limits: Limits) -> RunningServer {
    let config = ServerConfig {
        limits,
        // Every request of these tests executes: a cached answer would prove nothing.
        response_cache_entries: 0,
        ..ServerConfig::public_read()
    };
    spawn_with(t.db.clone(), "127.0.0.1:0", config)
        .await
        .unwrap()
}

/// POSTs a JSON body to `/graphql`: the status and the body as text.
pub async fn post_text(
    server: &RunningServer,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(server.url("/graphql"))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// POSTs a JSON body to `/graphql`: the status and the JSON answer.
pub async fn post_json(
    server: &RunningServer,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let (status, text) = post_text(server, token, body).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The codes of every error of an answer (of each operation of a batch), in order.
pub fn codes(answer: &Value) -> Vec<String> {
    let one = |a: &Value| -> Vec<String> {
        a["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    match answer {
        Value::Array(items) => items.iter().flat_map(one).collect(),
        single => one(single),
    }
}

/// What an attack did to the server: how long it took, the most `/health` took meanwhile, and
/// how much the process's resident memory grew.
#[derive(Debug)]
pub struct Siege<T> {
    /// The attack's own result.
    pub result: T,
    /// How long it took.
    pub took: Duration,
    /// The slowest `/health` answer while it ran (each asked every 100 ms).
    pub slowest_health: Duration,
    /// The largest growth of resident memory while it ran, in bytes.
    pub memory_growth: u64,
}

impl<T> Siege<T> {
    /// Asserts that `/health` answered within [`HEALTHY`] and memory stayed within
    /// [`MEMORY_BOUND`].
    pub fn assert_harmless(&self, what: &str) {
        assert!(
            self.slowest_health <= HEALTHY,
            "{what}: /health took {:?} during the attack",
            self.slowest_health
        );
        assert!(
            self.memory_growth <= MEMORY_BOUND,
            "{what}: memory grew by {} MB during the attack",
            self.memory_growth >> 20
        );
    }
}

/// Runs `attack` while asking `/health` every 100 ms and watching this process's memory.
pub async fn besiege<T>(server: &RunningServer, attack: impl Future<Output = T>) -> Siege<T> {
    let health = server.url("/health");
    let before = resident_bytes();
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let watcher = tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut slowest = Duration::ZERO;
        let mut peak = 0u64;
        loop {
            let asked = Instant::now();
            let answer =
                tokio::time::timeout(Duration::from_secs(30), client.get(&health).send()).await;
            let took = asked.elapsed();
            assert!(
                matches!(&answer, Ok(Ok(r)) if r.status() == StatusCode::OK),
                "/health did not answer 200: {answer:?}"
            );
            slowest = slowest.max(took);
            peak = peak.max(resident_bytes());
            tokio::select! {
                _ = &mut stopped => break,
                () = tokio::time::sleep(Duration::from_millis(100)) => {}
            }
        }
        (slowest, peak)
    });
    let started = Instant::now();
    let result = attack.await;
    let took = started.elapsed();
    let _ = stop.send(());
    let (slowest_health, peak) = watcher.await.unwrap();
    Siege {
        result,
        took,
        slowest_health,
        memory_growth: peak.max(resident_bytes()).saturating_sub(before),
    }
}

/// This process's resident memory in bytes (`VmRSS` of `/proc/self/status`).
pub fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// Opens a connection to the server and sends `head` (request line and headers, without the
/// blank line) and then `body`, as a client would write them by hand.
pub async fn raw(server: &RunningServer, head: &str, body: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"\r\n\r\n").await.unwrap();
    stream.write_all(body).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// The status code of the answer read from a raw connection, waiting at most `within`;
/// `None` when nothing came by then.
pub async fn raw_status(stream: &mut TcpStream, within: Duration) -> Option<u16> {
    let mut buffer = vec![0u8; 1024];
    let mut read = 0;
    let deadline = Instant::now() + within;
    while read < 12 {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, stream.read(&mut buffer[read..])).await {
            Ok(Ok(0)) | Err(_) => return None,
            Ok(Ok(n)) => read += n,
            Ok(Err(e)) => panic!("reading the answer: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&buffer[..read]);
    text.split(' ').nth(1).and_then(|code| code.parse().ok())
}
