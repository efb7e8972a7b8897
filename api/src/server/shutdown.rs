//! The signal that stops the server gracefully: Ctrl-C, or SIGTERM (as sent by systemd,
//! Docker or Kubernetes).

/// Completes on the first Ctrl-C or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received: shutting down"),
        () = terminate() => tracing::info!("SIGTERM received: shutting down"),
    }
}

/// Completes on SIGTERM; never elsewhere than on Unix.
#[cfg(unix)]
async fn terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            std::future::pending::<()>().await;
        }
    }
}

/// Completes on SIGTERM; never elsewhere than on Unix.
#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await;
}
