//! Sending a job to a networked label printer: its raw TCP port (9100, "JetDirect"), the bytes
//! written, the connection closed. Printers on that port answer nothing, so a job is done when
//! the bytes are written. Every step has a timeout: a printer that is off or unplugged gives a
//! clear error within seconds, never a hung request.

use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::time::timeout;

/// How long a printer has to accept the connection…
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// …and to take the job (a few KB a label; a printer out of paper stops reading).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a job did not reach the printer.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Refused, unreachable, reset: the printer is off, or the address is wrong.
    #[error("cannot reach the printer at {address}: {reason}")]
    Unreachable { address: String, reason: String },
    /// Nothing answered in time.
    #[error("the printer at {address} did not answer within {} s", .after.as_secs())]
    TimedOut { address: String, after: Duration },
}

/// Connects to `host:port`, writes `job` and closes the connection.
pub async fn send(host: &str, port: u16, job: &[u8]) -> Result<(), SendError> {
    send_with(host, port, job, CONNECT_TIMEOUT, WRITE_TIMEOUT).await
}

pub async fn send_with(
    host: &str,
    port: u16,
    job: &[u8],
    connect_within: Duration,
    write_within: Duration,
) -> Result<(), SendError> {
    let address = format!("{host}:{port}");
    let unreachable = |error: std::io::Error| SendError::Unreachable {
        address: address.clone(),
        reason: error.to_string(),
    };
    let timed_out = |after| SendError::TimedOut {
        address: address.clone(),
        after,
    };
    let mut stream = timeout(connect_within, TcpStream::connect((host, port)))
        .await
        .map_err(|_| timed_out(connect_within))?
        .map_err(unreachable)?;
    timeout(write_within, async {
        stream.write_all(job).await?;
        stream.flush().await?;
        // A clean FIN: the printer knows the job is complete.
        stream.shutdown().await
    })
    .await
    .map_err(|_| timed_out(write_within))?
    .map_err(unreachable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;
    use tokio::net::TcpListener;

    #[tokio::test]
    async fn the_job_arrives_whole_and_the_connection_closes() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let port = listener.local_addr().expect("an address").port();
        let printer = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut received = Vec::new();
            socket.read_to_end(&mut received).await.expect("reads");
            received
        });
        let job = "^XA^FDhello^FS^XZ".repeat(1000);
        send("127.0.0.1", port, job.as_bytes()).await.expect("sent");
        assert_eq!(printer.await.expect("joins"), job.as_bytes());
    }

    #[tokio::test]
    async fn a_closed_port_is_unreachable_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let port = listener.local_addr().expect("an address").port();
        drop(listener);
        let started = std::time::Instant::now();
        let error = send("127.0.0.1", port, b"^XA^XZ")
            .await
            .expect_err("refused");
        assert!(matches!(error, SendError::Unreachable { .. }), "{error}");
        assert!(error.to_string().contains(&format!("127.0.0.1:{port}")));
        assert!(started.elapsed() < CONNECT_TIMEOUT);
    }

    #[tokio::test]
    async fn a_printer_that_stops_reading_times_out() {
        // Accepts and never reads: the job outgrows the socket buffers and the write stalls.
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let port = listener.local_addr().expect("an address").port();
        let holder = tokio::spawn(async move {
            let accepted = listener.accept().await;
            tokio::time::sleep(Duration::from_secs(5)).await;
            drop(accepted);
        });
        let job = vec![b'x'; 64 * 1024 * 1024];
        let error = send_with(
            "127.0.0.1",
            port,
            &job,
            Duration::from_secs(1),
            Duration::from_millis(300),
        )
        .await
        .expect_err("stalls");
        assert!(matches!(error, SendError::TimedOut { .. }), "{error}");
        holder.abort();
    }
}
