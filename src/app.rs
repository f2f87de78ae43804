//! Assembles the box: data dir, database, credentials, first-run data, the HTTP router with
//! Socket.IO on the same listener. Used by `main` and by the integration tests alike.

use crate::auth::device_token::SeenThrottle;
use crate::auth::throttle::LoginThrottle;
use crate::auth::token::TokenKeys;
use crate::backup::{self, schedule};
use crate::camera;
use crate::config::{ServeArgs, Toggle};
use crate::data_dir::DataDirLock;
use crate::error::{AppError, AppResult};
use crate::http::{self, headers};
use crate::mdns::{Announcement, Announcer};
use crate::ops::{Core, bootstrap};
use crate::realtime::{self, Bus};
use crate::store::Db;
use axum::Router;
use axum::extract::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use socketioxide::SocketIo;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tower::ServiceBuilder;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Core>,
    pub started: Instant,
    /// Where the nightly backups go (for `/api/health`).
    pub backups: Arc<Path>,
    /// The USB-camera QR stations that run now.
    pub cameras: Arc<camera::Manager>,
}

/// How long a graceful stop waits for in-flight requests before it closes what is left.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

pub const SOCKET_PATH: &str = "/api/socket-entry";
pub const DATABASE_FILE: &str = "stdplus.db";
pub const JWT_SECRET_FILE: &str = "jwt-secret";

/// A running server: its address, and a handle to stop it.
pub struct Server {
    pub address: SocketAddr,
    pub core: Arc<Core>,
    stop: Option<oneshot::Sender<()>>,
    serving: tokio::task::JoinHandle<()>,
    nightly: Option<tokio::task::JoinHandle<()>>,
    /// Held until the server is dropped: no restore or second server under a serving box.
    _lock: DataDirLock,
    mdns: Option<Announcer>,
    cameras: Arc<camera::Manager>,
}

impl Server {
    /// Stops accepting, finishes in-flight requests, and waits for the server to end.
    /// The mDNS announcement is withdrawn first, so browsers drop the box before it stops answering.
    pub async fn shutdown(mut self) {
        if let Some(mdns) = self.mdns.take() {
            mdns.withdraw().await;
        }
        if let Some(nightly) = self.nightly.take() {
            nightly.abort();
        }
        self.cameras.stop_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // In-flight requests finish; a Socket.IO long-poll may hold its request for up to the
        // ping interval (25 s), longer than systemd waits, so after the grace period the rest is
        // cut. Clients see a dropped transport and reconnect to the next start by themselves, and
        // a write already handed to the writer thread still commits before the process exits.
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut self.serving).await {
            Ok(_) => {}
            Err(_) => {
                tracing::info!(
                    grace_s = SHUTDOWN_GRACE.as_secs(),
                    "closing connections still open after the grace period"
                );
                self.serving.abort();
            }
        }
        self.core.db.drain().await;
    }

    /// Waits until the server ends (after `shutdown` or a fatal error).
    pub async fn wait(self) {
        let _ = self.serving.await;
    }
}

fn prepare_data_dir(dir: &Path) -> AppResult<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::internal(format!("cannot create {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The directory holds the JWT secret and password hashes: owner only.
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// Opens everything and starts serving on `args.listen`.
pub async fn start(args: ServeArgs) -> AppResult<Server> {
    prepare_data_dir(&args.data_dir)?;
    let lock = DataDirLock::acquire(&args.data_dir)?;
    let db_path = args.data_dir.join(DATABASE_FILE);
    let backups: Arc<Path> = Arc::from(args.data_dir.join(backup::BACKUPS_DIR));
    let (opening, backups_dir) = (db_path.clone(), backups.to_path_buf());
    let db = tokio::task::spawn_blocking(move || {
        backup::before_migration(&opening, &backups_dir)?;
        Db::open(&opening)
    })
    .await
    .map_err(AppError::internal)??;
    let tokens =
        TokenKeys::load_or_create(&args.data_dir.join(JWT_SECRET_FILE), args.jwt_expires_in)?;

    let (socket_layer, io) = SocketIo::builder().req_path(SOCKET_PATH).build_layer();
    let core = Arc::new(Core {
        db,
        bus: Bus::new(io.clone()),
        tokens,
        login_throttle: LoginThrottle::default(),
        device_seen: SeenThrottle::default(),
        shifts: args.shifts.clone(),
    });
    bootstrap::ensure_initial_data(&core, args.admin_password.clone(), &args.data_dir).await?;
    realtime::attach(&io, Arc::clone(&core));

    let cameras = Arc::new(camera::Manager::default());
    cameras.sync(&core).await;
    let state = AppState {
        core: Arc::clone(&core),
        started: Instant::now(),
        backups: Arc::clone(&backups),
        cameras: Arc::clone(&cameras),
    };
    let routes = http::api_router(&state)
        .fallback(fallback)
        .method_not_allowed_fallback(not_found)
        .with_state(state);
    let normalised = ServiceBuilder::new()
        .map_request(http::normalize_path)
        .service(routes);
    let cors = headers::CorsOrigin(Arc::from(args.cors_origin.as_str()));
    let app = Router::new()
        .fallback_service(normalised)
        .layer(socket_layer)
        .layer(from_fn(headers::security_headers))
        .layer(from_fn_with_state(cors, headers::cors));

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| AppError::internal(format!("cannot listen on {}: {e}", args.listen)))?;
    let address = listener.local_addr().map_err(AppError::internal)?;
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
        if let Err(error) = result {
            tracing::error!(%error, "server stopped with an error");
        }
    });
    let plan = match (args.backup_every, args.backup_at) {
        (Some(interval), _) => Some(schedule::Plan::Every(interval)),
        (None, schedule::BackupAt::At(time)) => Some(schedule::Plan::Daily(time)),
        (None, schedule::BackupAt::Off) => None,
    };
    let nightly = plan.map(|plan| {
        let keep = usize::try_from(args.backup_keep).unwrap_or(usize::MAX);
        schedule::spawn(db_path.clone(), backups.to_path_buf(), plan, keep)
    });
    tracing::info!(%address, version = crate::LONG_VERSION, "STD Plus Box is serving");
    let mdns = (args.mdns == Toggle::On)
        .then(|| announce(&args, address.port()))
        .flatten();
    Ok(Server {
        address,
        core,
        stop: Some(stop),
        serving,
        nightly,
        _lock: lock,
        mdns,
        cameras,
    })
}

/// mDNS is a convenience: a box that cannot announce itself still serves (and says why).
fn announce(args: &ServeArgs, port: u16) -> Option<Announcer> {
    let announcement = Announcement {
        host: args.mdns_name.clone(),
        instance: args.mdns_instance.clone(),
        port,
        interfaces: args.mdns_interfaces,
    };
    match Announcer::start(&announcement) {
        Ok(announcer) => Some(announcer),
        Err(error) => {
            tracing::warn!(%error, "cannot announce the box over mDNS; serving without it");
            None
        }
    }
}

async fn fallback(request: Request) -> Response {
    let path = request.uri().path();
    if !headers::is_api_path(path)
        && let Some(response) = crate::web::serve(request.method(), path, request.headers())
    {
        return response;
    }
    http::not_found(&request).into_response()
}

async fn not_found(request: Request) -> Response {
    http::not_found(&request).into_response()
}
