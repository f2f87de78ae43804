// A bridge between the Rust integration tests and real socket.io-client v4 sockets.
// Commands arrive as JSON lines on stdin; replies and every received event leave as JSON lines
// on stdout:
//   {"id", "op": "connect", "sock", "url", "auth"?, "query"?, "transports"?, "timeoutMs"?}
//        -> {"id", "ok": true} | {"id", "ok": false, "error": <connect_error message>}
//   {"id", "op": "emit", "sock", "event", "args": [...], "ack": bool, "timeoutMs"?}
//        -> {"id", "ok": true, "ack": [...]} (or {"id", "ok": true} without ack)
//   {"id", "op": "disconnect", "sock"} -> {"id", "ok": true}
//   {"id", "op": "connected", "sock"} -> {"id", "ok": true, "connected": bool}
//   {"id", "op": "crowd", "url", "auth", "count", "event", "args", "timeoutMs"}
//        -> {"id", "ok": true, "acked": n, "failures": [first few messages]}: `count` websocket
//        sockets connect at once, each emits `event` the moment it is connected and waits for
//        the ack (what a kiosk does when it joins its station), then all disconnect
//   events: {"event": {"sock", "name", "args": [...]}}; a lost connection is reported as the
//   event "disconnect" with the client's reason (e.g. "io server disconnect")
import { io } from 'socket.io-client';
import readline from 'node:readline';

const sockets = new Map();
const out = (value) => process.stdout.write(JSON.stringify(value) + '\n');

function connect(cmd) {
  const socket = io(cmd.url, {
    path: '/api/socket-entry',
    auth: cmd.auth ?? {},
    query: cmd.query ?? {},
    transports: cmd.transports ?? ['polling', 'websocket'],
    reconnection: false,
    forceNew: true,
    timeout: cmd.timeoutMs ?? 10000,
  });
  sockets.set(cmd.sock, socket);
  socket.onAny((name, ...args) => out({ event: { sock: cmd.sock, name, args } }));
  socket.on('disconnect', (reason) => out({ event: { sock: cmd.sock, name: 'disconnect', args: [reason] } }));
  socket.once('connect', () => out({ id: cmd.id, ok: true }));
  socket.once('connect_error', (err) => out({ id: cmd.id, ok: false, error: err.message, data: err.data ?? null }));
}

function emit(cmd) {
  const socket = sockets.get(cmd.sock);
  if (!socket) return out({ id: cmd.id, ok: false, error: `no socket ${cmd.sock}` });
  const args = cmd.args ?? [];
  if (cmd.ack) {
    socket.timeout(cmd.timeoutMs ?? 5000).emit(cmd.event, ...args, (err, ...ack) => {
      if (err) out({ id: cmd.id, ok: false, error: 'ack timeout' });
      else out({ id: cmd.id, ok: true, ack });
    });
  } else {
    socket.emit(cmd.event, ...args);
    out({ id: cmd.id, ok: true });
  }
}

function crowdMember(cmd) {
  return new Promise((resolve) => {
    const socket = io(cmd.url, {
      path: '/api/socket-entry',
      auth: cmd.auth ?? {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: cmd.timeoutMs ?? 10000,
    });
    const done = (failure) => { socket.disconnect(); resolve(failure); };
    socket.once('connect_error', (err) => done(`connect_error: ${err.message}`));
    socket.once('connect', () => {
      socket.timeout(cmd.timeoutMs ?? 10000).emit(cmd.event, ...(cmd.args ?? []), (err, ack) => {
        if (err) done('ack timeout');
        else done(ack?.ok ? null : `refused: ${JSON.stringify(ack)}`);
      });
    });
  });
}

async function crowd(cmd) {
  const results = await Promise.all(Array.from({ length: cmd.count }, () => crowdMember(cmd)));
  const failures = results.filter((r) => r !== null);
  out({ id: cmd.id, ok: true, acked: results.length - failures.length, failures: failures.slice(0, 5) });
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let cmd;
  try { cmd = JSON.parse(line); } catch { return; }
  switch (cmd.op) {
    case 'connect': return connect(cmd);
    case 'emit': return emit(cmd);
    case 'crowd': return crowd(cmd);
    case 'disconnect': {
      sockets.get(cmd.sock)?.disconnect();
      sockets.delete(cmd.sock);
      return out({ id: cmd.id, ok: true });
    }
    case 'connected': return out({ id: cmd.id, ok: true, connected: Boolean(sockets.get(cmd.sock)?.connected) });
    default: return out({ id: cmd.id, ok: false, error: `unknown op ${cmd.op}` });
  }
});
rl.on('close', () => { for (const s of sockets.values()) s.disconnect(); process.exit(0); });
