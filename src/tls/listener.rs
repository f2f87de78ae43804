//! A TLS listener for `axum::serve`: each accepted TCP connection's handshake runs in a task of
//! its own with a deadline, so a slow or broken client never holds up the next one; only finished
//! handshakes reach axum. Handshake failures (a phone that does not trust the CA yet, a port
//! scanner) are logged at debug and dropped.

use rustls::ServerConfig;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A client that has not finished its handshake by then is dropped.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshakes in flight at once; further connections wait in the kernel's backlog.
const MAX_HANDSHAKES: usize = 128;

type Handshaken = (TlsStream<TcpStream>, SocketAddr);

/// Owns the TCP listener: when axum drops it (graceful shutdown), the port closes at once.
pub struct TlsListener {
    tcp: TcpListener,
    local: SocketAddr,
    acceptor: TlsAcceptor,
    slots: Arc<Semaphore>,
    handshaken: mpsc::Sender<Handshaken>,
    ready: mpsc::Receiver<Handshaken>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (handshaken, ready) = mpsc::channel(64);
        Ok(TlsListener {
            tcp,
            local,
            acceptor: TlsAcceptor::from(config),
            slots: Arc::new(Semaphore::new(MAX_HANDSHAKES)),
            handshaken,
            ready,
        })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    /// Accepts TCP connections and starts their handshakes until one has finished.
    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let TlsListener {
            tcp,
            acceptor,
            slots,
            handshaken,
            ready,
            ..
        } = self;
        loop {
            tokio::select! {
                // The listener holds a sender itself: this never yields `None`.
                Some(done) = ready.recv() => return done,
                accepted = accept_with_slot(tcp, slots) => {
                    if let Some((stream, peer, slot)) = accepted {
                        spawn_handshake(acceptor.clone(), stream, peer, slot, handshaken.clone());
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local)
    }
}

/// A TCP connection once a handshake slot is free; `None` after an accept error (logged, and
/// slowed down when it is not the client's doing). Both waits are cancel-safe.
async fn accept_with_slot(
    tcp: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(TcpStream, SocketAddr, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots).acquire_owned().await.ok()?;
    match tcp.accept().await {
        Ok((stream, peer)) => Some((stream, peer, slot)),
        Err(error) => {
            if !is_connection_error(&error) {
                // Out of file descriptors, say: wait for some to close, as axum does.
                tracing::error!(%error, "cannot accept an HTTPS connection");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            None
        }
    }
}

fn spawn_handshake(
    acceptor: TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
    slot: OwnedSemaphorePermit,
    handshaken: mpsc::Sender<Handshaken>,
) {
    let _ = stream.set_nodelay(true);
    tokio::spawn(async move {
        let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await;
        drop(slot);
        match handshake {
            Ok(Ok(tls)) => {
                // Fails only when the server stopped meanwhile: the connection just closes.
                let _ = handshaken.send((tls, peer)).await;
            }
            Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
            Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
        }
    });
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
