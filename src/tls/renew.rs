//! Renewal while serving: rustls asks [`CurrentCert`] for the certificate at every handshake, so
//! a re-issued certificate is in use from the next connection on; open connections keep theirs.
//! A background task looks at the interface addresses (and the expiry, kept in memory) every
//! [`CHECK_EVERY`].

use super::BoxTls;
use super::issue::ServerCert;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use time::OffsetDateTime;

/// How often the addresses are compared with the certificate's: a phone that scans a QR of a
/// new address waits at most this long for a certificate that names it.
pub const CHECK_EVERY: Duration = Duration::from_secs(30);

/// The certificate handed to new TLS connections.
#[derive(Debug)]
pub struct CurrentCert {
    live: RwLock<ServerCert>,
}

impl CurrentCert {
    pub fn new(server: ServerCert) -> CurrentCert {
        CurrentCert {
            live: RwLock::new(server),
        }
    }

    pub fn get(&self) -> ServerCert {
        self.live
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set(&self, server: ServerCert) {
        *self
            .live
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = server;
    }
}

impl ResolvesServerCert for CurrentCert {
    fn resolve(&self, _client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let live = self
            .live
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some(Arc::clone(&live.key))
    }
}

/// Checks every `every` until aborted. A failed re-issue is logged and tried again next time;
/// the old certificate stays in use meanwhile.
pub fn spawn(tls: Arc<BoxTls>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            let tls = Arc::clone(&tls);
            let checked = tokio::task::spawn_blocking(move || {
                let lan = super::names::lan_addresses();
                tls.refresh(&lan, OffsetDateTime::now_utc())
            })
            .await;
            match checked {
                Ok(Ok(Some(reason))) => {
                    tracing::info!(?reason, "the new server certificate is in use")
                }
                Ok(Ok(None)) => {}
                Ok(Err(error)) => {
                    tracing::error!(%error, "cannot re-issue the server certificate; keeping the old one")
                }
                Err(error) => tracing::error!(%error, "the certificate check failed"),
            }
        }
    })
}
