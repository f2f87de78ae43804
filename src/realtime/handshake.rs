//! The connection handshake (production.md §6.2, §6.3): a JWT from `auth.token` (or the `token`
//! query parameter that old clients use), or a paired device's token, checked by a connect
//! middleware so that a refused socket never connects; the socket then joins its worker's (or
//! device's) own room, `user:<id>`, which a device's revocation disconnects.

use crate::domain::events::Room;
use crate::domain::worker::Actor;
use crate::ops::Core;
use crate::ops::auth::{authenticate, reload};
use serde::Deserialize;
use socketioxide::SocketIo;
use socketioxide::extract::{Data, SocketRef};
use socketioxide::handler::ConnectHandler;
use std::fmt;
use std::sync::Arc;

#[derive(Deserialize, Default)]
struct HandshakeAuth {
    token: Option<serde_json::Value>,
}

/// A refused handshake; its text reaches the client as `connect_error`'s message.
#[derive(Debug)]
struct Refused(&'static str);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

fn query_token(socket: &SocketRef) -> Option<String> {
    let query = socket.req_parts().uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "token")
        .map(|(_, value)| value.into_owned())
}

/// Registers the default namespace with its handshake check.
pub fn attach(io: &SocketIo, core: Arc<Core>) {
    let check_core = Arc::clone(&core);
    let check = move |socket: SocketRef, Data(auth): Data<HandshakeAuth>| {
        let core = Arc::clone(&check_core);
        async move {
            let from_auth = match auth.token {
                Some(serde_json::Value::String(token)) => Some(token),
                _ => None,
            };
            let token = from_auth
                .filter(|t| !t.is_empty())
                .or_else(|| query_token(&socket))
                .filter(|t| !t.is_empty());
            let token = token.ok_or(Refused("Not authenticated"))?;
            let actor = authenticate(&core, &token)
                .await
                .map_err(|failure| Refused(failure.message()))?;
            socket.extensions.insert(actor);
            Ok::<(), Refused>(())
        }
    };
    let on_connect = move |socket: SocketRef| {
        let core = Arc::clone(&core);
        // Everything here runs before this closure returns, not in its future: socketioxide has
        // already sent the client its CONNECT and runs the future as a new task, so a kiosk that
        // joins its station the moment it connects could otherwise reach a socket with no
        // handlers yet; its join was dropped unanswered (1 in 1,000 sockets in the fan-out bench).
        let actor = socket.extensions.get::<Actor>();
        if let Some(actor) = &actor {
            socket.join(Room::User(actor.worker.id).to_string());
        }
        super::client_events::register(&socket, Arc::clone(&core));
        async move {
            // A device revoked between the handshake and this join missed the revocation's
            // disconnect of its room: check again now that the socket is in it. (Its events
            // meanwhile reload the caller and are refused.)
            if let Some(actor) = actor
                && actor.device.is_some()
                && reload(&core, &actor).await.is_err()
            {
                let _ = socket.disconnect();
            }
        }
    };
    io.ns("/", on_connect.with(check));
}
