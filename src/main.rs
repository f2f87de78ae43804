//! The `stdplus` command.

use clap::Parser;
use stdplus::config::{Cli, Command, DiscoverArgs};
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging();
    let args = match cli.command {
        Some(Command::Serve(args)) => args,
        Some(Command::Discover(args)) => return discover(&args),
        None => cli.serve,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match stdplus::app::start(args).await {
            Ok(server) => server,
            Err(error) => {
                tracing::error!(%error, "cannot start");
                return std::process::ExitCode::FAILURE;
            }
        };
        shutdown_signal().await;
        tracing::info!("shutting down");
        server.shutdown().await;
        std::process::ExitCode::SUCCESS
    })
}

/// `stdplus discover`: one tab-separated line per box on stdout; exit 1 if none answered.
fn discover(args: &DiscoverArgs) -> std::process::ExitCode {
    println!("INSTANCE\tHOST\tADDRESSES\tPORT\tVERSION");
    match stdplus::mdns::discover(args, |found| println!("{}", found.line())) {
        Ok(0) => {
            eprintln!("no box answered within {} s", args.timeout);
            std::process::ExitCode::FAILURE
        }
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot browse over mDNS: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Human-readable lines on a terminal; plain lines without colour under systemd (journald).
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .init();
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
