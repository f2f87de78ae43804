//! Assembles the box: data dir, database, credentials, first-run data, the HTTP router with
//! Socket.IO on the same listener. Used by `main` and by the integration tests alike.

use crate::auth::callers::CallerCache;
use crate::auth::device_token::SeenThrottle;
use crate::auth::throttle::LoginThrottle;
use crate::auth::token::TokenKeys;
use crate::backup::{self, schedule};
use crate::camera;
use crate::config::{HttpsListen, ServeArgs, Toggle};
use crate::data_dir::DataDirLock;
use crate::error::{AppError, AppResult};
use crate::http::connect::Reach;
use crate::http::{self, headers};
use crate::mdns::{Announcement, Announcer};
use crate::ops::{Core, bootstrap};
use crate::realtime::{self, Bus};
use crate::store::Db;
use crate::tls::BoxTls;
use crate::tls::listener::TlsListener;
use axum::Router;
use axum::extract::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use socketioxide::SocketIo;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower::ServiceBuilder;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Core>,
    pub started: Instant,
    /// Where the nightly backups go (for `/api/health`).
    pub backups: Arc<Path>,
    /// Where the box listens and its CA, for `/api/connect`.
    pub reach: Arc<Reach>,
    /// The USB-camera QR stations that run now.
    pub cameras: Arc<camera::Manager>,
}

/// How long a graceful stop waits for in-flight requests before it closes what is left.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

pub const SOCKET_PATH: &str = "/api/socket-entry";
pub const DATABASE_FILE: &str = "stdplus.db";
pub const JWT_SECRET_FILE: &str = "jwt-secret";

/// A running server: its addresses, and a handle to stop it.
pub struct Server {
    pub address: SocketAddr,
    /// Where HTTPS listens: `None` when it is off, or could not start (the log says why).
    pub https_address: Option<SocketAddr>,
    pub core: Arc<Core>,
    stop: Option<watch::Sender<bool>>,
    serving: tokio::task::JoinHandle<()>,
    nightly: Option<tokio::task::JoinHandle<()>>,
    renewal: Option<tokio::task::JoinHandle<()>>,
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
        for task in [self.nightly.take(), self.renewal.take()]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
        self.cameras.stop_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
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

/// Opens everything and starts serving on `args.listen` (and HTTPS on `args.https_listen`).
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
        callers: CallerCache::default(),
    });
    bootstrap::ensure_initial_data(&core, args.admin_password.clone(), &args.data_dir).await?;
    realtime::attach(&io, Arc::clone(&core));

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| AppError::internal(format!("cannot listen on {}: {e}", args.listen)))?;
    let address = listener.local_addr().map_err(AppError::internal)?;
    let https = start_https(&args).await;
    let cameras = Arc::new(camera::Manager::default());
    cameras.sync(&core).await;
    let state = AppState {
        core: Arc::clone(&core),
        started: Instant::now(),
        backups: Arc::clone(&backups),
        reach: Arc::new(Reach {
            http: address,
            https: https.as_ref().map(|https| https.address),
            mdns_host: (args.mdns == Toggle::On).then(|| args.mdns_name.clone()),
            tls: https.as_ref().map(|https| Arc::clone(&https.tls)),
        }),
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

    let (stop, stopped) = watch::channel(false);
    let https_address = https.as_ref().map(|https| https.address);
    let renewal = https.as_ref().map(|https| {
        crate::tls::renew::spawn(Arc::clone(&https.tls), crate::tls::renew::CHECK_EVERY)
    });
    let serving = tokio::spawn(serve(
        app,
        listener,
        https.map(|https| https.listener),
        stopped,
    ));
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
        .then(|| announce(&args, address.port(), https_address.map(|a| a.port())))
        .flatten();
    Ok(Server {
        address,
        https_address,
        core,
        stop: Some(stop),
        serving,
        nightly,
        renewal,
        _lock: lock,
        mdns,
        cameras,
    })
}

/// Serves the one app on HTTP and, when on, HTTPS, until `stop` turns true (or its sender is
/// dropped); both listeners then stop accepting and finish their requests.
async fn serve(
    app: Router,
    http: tokio::net::TcpListener,
    https: Option<TlsListener>,
    stop: watch::Receiver<bool>,
) {
    let stopped = |mut stop: watch::Receiver<bool>| async move {
        let _ = stop.wait_for(|stopped| *stopped).await;
    };
    // TCP_NODELAY, as the HTTPS listener does: a socket's event frames are small writes, and
    // with Nagle a frame written while the previous one is unacknowledged waited for the
    // client's delayed ACK (up to 40 ms): the fan-out bench's p99 sat at 28-46 ms from 50
    // scans/s up.
    let plain = axum::serve(
        http.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY not set");
            }
        }),
        app.clone()
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopped(stop.clone()))
    .into_future();
    let secure = async move {
        let Some(listener) = https else {
            return Ok(());
        };
        let service = app
            .layer(from_fn(headers::without_hsts))
            .into_make_service_with_connect_info::<SocketAddr>();
        // A tapped listener is how axum hands any listener's `SocketAddr` to `ConnectInfo`
        // (the login throttle reads it); the tap itself does nothing.
        axum::serve(listener.tap_io(|_| {}), service)
            .with_graceful_shutdown(stopped(stop))
            .await
    };
    let (plain, secure) = tokio::join!(plain, secure);
    for (scheme, result) in [("HTTP", plain), ("HTTPS", secure)] {
        if let Err(error) = result {
            tracing::error!(%error, scheme, "server stopped with an error");
        }
    }
}

struct Https {
    listener: TlsListener,
    address: SocketAddr,
    tls: Arc<BoxTls>,
}

/// HTTPS is for phones' cameras: a box whose certificates or port fail still serves plain HTTP
/// (and says why), as kiosks and existing clients need nothing more.
async fn start_https(args: &ServeArgs) -> Option<Https> {
    let HttpsListen::At(at) = args.https_listen else {
        return None;
    };
    let (dir, host, instance) = (
        args.data_dir.clone(),
        args.mdns_name.clone(),
        args.mdns_instance.clone(),
    );
    let made = tokio::task::spawn_blocking(move || BoxTls::start(&dir, &host, &instance)).await;
    let tls = match made {
        Ok(Ok(tls)) => Arc::new(tls),
        Ok(Err(error)) => {
            tracing::error!(%error, "HTTPS is off: the box's certificates cannot be set up");
            return None;
        }
        Err(error) => {
            tracing::error!(%error, "HTTPS is off: setting up the certificates failed");
            return None;
        }
    };
    let started = async {
        let config = tls.server_config().map_err(|e| e.to_string())?;
        let tcp = tokio::net::TcpListener::bind(at)
            .await
            .map_err(|e| format!("cannot listen on {at}: {e}"))?;
        let address = tcp.local_addr().map_err(|e| e.to_string())?;
        let listener = TlsListener::new(tcp, config).map_err(|e| e.to_string())?;
        Ok::<_, String>((listener, address))
    };
    match started.await {
        Ok((listener, address)) => {
            tracing::info!(https_address = %address, ca_fingerprint = %tls.ca_fingerprint(), "serving HTTPS with the box's own CA");
            Some(Https {
                listener,
                address,
                tls,
            })
        }
        Err(error) => {
            tracing::error!(%error, "HTTPS is off");
            None
        }
    }
}

/// mDNS is a convenience: a box that cannot announce itself still serves (and says why).
fn announce(args: &ServeArgs, port: u16, https_port: Option<u16>) -> Option<Announcer> {
    let announcement = Announcement {
        host: args.mdns_name.clone(),
        instance: args.mdns_instance.clone(),
        port,
        https_port,
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
