// The fan-out bench's load client: many real socket.io-client v4 sockets in one Node process,
// driven by the Rust bench with JSON lines on stdin; each reply is one JSON line on stdout.
//   {"op": "connect", "url", "path", "token", "sockets": [{"station": id|null}], "batch"}
//       -> {"ok": true, "connected": n, "failures": [message…]}
//       Each socket connects over websocket with the token in the handshake's auth, then joins
//       `station:<id>` (join_station_room) or, without a station, the dashboard (join_dashboard).
//   {"op": "reset"} -> {"ok": true}: forgets what was received.
//   {"op": "count"} -> {"ok": true, "received": n}
//   {"op": "report", "sent": {key: sendTimeMs}}
//       -> {"ok": true, "delivered", "duplicates", "unknown", "latenciesUs": [...]}
//       `delivered` counts distinct (socket, key) pairs whose key was sent; latency is the
//       receive time minus the send time, both epoch milliseconds on this machine's clock.
//   {"op": "close"} -> exits.
// An event's key is `<paneNumber>#<__v>` of its `data`: the box bumps a pane's version (`__v`) on
// every scan, and the baseline server is sent payloads keyed the same way.
import { io } from 'socket.io-client';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

const EVENT = 'pane:updated';
const sockets = [];
let keys = [];
let times = [];
let owners = [];

const out = (value) => process.stdout.write(JSON.stringify(value) + '\n');
const nowMs = () => performance.timeOrigin + performance.now();

function record(index, payload) {
  const at = nowMs();
  const data = payload?.data;
  keys.push(`${data?.paneNumber}#${data?.__v}`);
  times.push(at);
  owners.push(index);
}

function emitWithAck(socket, event, args) {
  return new Promise((resolve) => {
    socket.timeout(30000).emit(event, ...args, (err, ack) => resolve(err ? { ok: false, error: 'ack timeout' } : ack));
  });
}

function open(cmd, index, spec) {
  return new Promise((resolve) => {
    const socket = io(cmd.url, {
      path: cmd.path,
      auth: { token: cmd.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30000,
    });
    sockets.push(socket);
    socket.on(EVENT, (payload) => record(index, payload));
    socket.once('connect_error', (err) => resolve(`connect_error: ${err.message}`));
    socket.once('connect', async () => {
      const ack = spec.station
        ? await emitWithAck(socket, 'join_station_room', [{ stationId: spec.station }])
        : await emitWithAck(socket, 'join_dashboard', []);
      resolve(ack?.ok ? null : `join refused: ${JSON.stringify(ack)}`);
    });
  });
}

async function connect(cmd) {
  const failures = [];
  const batch = cmd.batch ?? 50;
  let connected = 0;
  for (let start = 0; start < cmd.sockets.length; start += batch) {
    const group = cmd.sockets.slice(start, start + batch);
    const results = await Promise.all(group.map((spec, i) => open(cmd, start + i, spec)));
    for (const failure of results) {
      if (failure) failures.push(failure);
      else connected += 1;
    }
  }
  out({ ok: true, connected, failures: failures.slice(0, 5) });
}

function report(cmd) {
  const sent = cmd.sent ?? {};
  const seen = new Set();
  const latenciesUs = [];
  let duplicates = 0;
  let unknown = 0;
  for (let i = 0; i < keys.length; i++) {
    const sentAt = sent[keys[i]];
    if (sentAt === undefined) {
      unknown += 1;
      continue;
    }
    const pair = `${owners[i]}|${keys[i]}`;
    if (seen.has(pair)) {
      duplicates += 1;
      continue;
    }
    seen.add(pair);
    latenciesUs.push(Math.round((times[i] - sentAt) * 1000));
  }
  out({ ok: true, delivered: seen.size, duplicates, unknown, latenciesUs });
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  let cmd;
  try { cmd = JSON.parse(line); } catch { return out({ ok: false, error: 'bad json' }); }
  switch (cmd.op) {
    case 'connect': return void connect(cmd);
    case 'reset':
      keys = []; times = []; owners = [];
      return out({ ok: true });
    case 'count': return out({ ok: true, received: keys.length });
    case 'report': return report(cmd);
    case 'close':
      for (const socket of sockets) socket.disconnect();
      out({ ok: true });
      return process.exit(0);
    default: return out({ ok: false, error: `unknown op ${cmd.op}` });
  }
});
rl.on('close', () => process.exit(0));
