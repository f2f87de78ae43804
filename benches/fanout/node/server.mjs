// The fan-out bench's baseline: a minimal socket.io 4 server with the box's socket path, its
// handshake (a token in `auth`) and the two rooms the load client joins. The bench POSTs
// `{event, rooms, payload}` to /emit and the server broadcasts it to the union of the rooms,
// as the box does after a scan's commit. Prints `listening <port>` once it accepts.
//   node server.mjs <token>
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const token = process.argv[2] ?? '';

const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    io.to(body.rooms).emit(body.event, body.payload);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

const io = new Server(http, { path: '/api/socket-entry', serveClient: false });

io.use((socket, next) => {
  if (socket.handshake.auth?.token === token) next();
  else next(new Error('Not authenticated'));
});

io.on('connection', (socket) => {
  socket.on('join_dashboard', (ack) => {
    socket.join('dashboard');
    if (typeof ack === 'function') ack({ ok: true, room: 'dashboard' });
  });
  socket.on('join_station_room', (payload, ack) => {
    const id = typeof payload === 'object' && payload ? payload.stationId : payload;
    if (typeof ack !== 'function') return;
    if (!id) return ack({ ok: false, error: 'stationId is required' });
    socket.join(`station:${id}`);
    ack({ ok: true, room: `station:${id}` });
  });
});

http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${http.address().port}\n`);
});
