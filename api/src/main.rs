//! The `thads` binary: statistics of civil judgment enforcement.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                // The server logs each request; the other commands print their own results.
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_log_level())),
        )
        .with_writer(std::io::stderr)
        .init();
    let code = thads_api::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    )
    .await;
    ExitCode::from(code)
}

/// `info` for `thads serve`, `warn` otherwise; `RUST_LOG` overrides both.
fn default_log_level() -> &'static str {
    match std::env::args().nth(1).as_deref() {
        Some("serve") => "info",
        _ => "warn",
    }
}
