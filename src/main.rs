//! The `stdplus` command.

use clap::Parser;
use std::process::ExitCode;
use stdplus::config::{BackupArgs, Cli, Command, DiscoverArgs, RestoreArgs};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's malloc: the writer thread frees what the HTTP threads allocated
/// (a scan's closure, its strings), which under glibc contends on arena locks; a profile of the
/// scan bench showed that lock and malloc itself among the writer's top costs (README
/// "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let args = match cli.command {
        Some(Command::Serve(args)) => *args,
        Some(Command::Backup(args)) => return backup(&args),
        Some(Command::Restore(args)) => return restore(&args),
        Some(Command::Discover(args)) => return discover(&args),
        Some(Command::Camera(args)) => return stdplus::camera::cli::run(&args),
        Some(Command::Generate(args)) => return generate(&args),
        None => cli.serve,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match stdplus::app::start(args).await {
            Ok(server) => server,
            Err(error) => {
                tracing::error!(%error, "cannot start");
                return ExitCode::FAILURE;
            }
        };
        stdplus::systemd::notify_ready(&format!("serving on {}", server.address));
        let watchdog = stdplus::systemd::spawn_watchdog(std::sync::Arc::clone(&server.core));
        shutdown_signal().await;
        tracing::info!("shutting down");
        stdplus::systemd::notify_stopping();
        if let Some(watchdog) = watchdog {
            watchdog.abort();
        }
        server.shutdown().await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

/// `stdplus backup FILE`: a consistent copy, taken beside a running server if there is one.
fn backup(args: &BackupArgs) -> ExitCode {
    let db = args.data_dir.join(stdplus::app::DATABASE_FILE);
    match stdplus::backup::backup_file(&db, &args.file, args.force) {
        Ok(size) => {
            println!(
                "backed up {} to {} ({size} bytes)",
                db.display(),
                args.file.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("stdplus backup: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `stdplus restore FILE`: checks the backup and puts it in place; the box must be stopped.
fn restore(args: &RestoreArgs) -> ExitCode {
    match stdplus::backup::restore::restore(&args.data_dir, &args.file) {
        Ok(restored) => {
            println!(
                "restored {} into {} (schema version {})",
                args.file.display(),
                args.data_dir.display(),
                restored.schema_version
            );
            if let Some(aside) = restored.kept_aside {
                println!("the previous database was kept as {}", aside.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("stdplus restore: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `stdplus discover`: one tab-separated line per box on stdout; exit 1 if none answered.
fn discover(args: &DiscoverArgs) -> ExitCode {
    println!("INSTANCE\tHOST\tADDRESSES\tPORT\tVERSION");
    match stdplus::mdns::discover(args, |found| println!("{}", found.line())) {
        Ok(0) => {
            eprintln!("no box answered within {} s", args.timeout);
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot browse over mDNS: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `stdplus generate`: a big database for measuring the box at size (hidden from `--help`).
fn generate(args: &stdplus::dev::generate::GenerateArgs) -> ExitCode {
    match stdplus::dev::generate::run(args) {
        Ok(summary) => {
            println!(
                "generated {} in {}",
                stdplus::dev::generate::describe(&summary),
                args.data_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("stdplus generate: {error}");
            ExitCode::FAILURE
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
