// Socket fuzz: one real socket.io-client v4 socket with a valid token emits every client event the
// box handles with garbage payloads (wrong types, huge strings, nested junk, missing args), with
// and without ack callbacks, then checks that the connection is still alive and answers a join.
//
//   node fuzz.mjs <base-url> <token> <rounds> [seed]
//
// Prints one JSON line: {"sent", "acked", "ackTimeouts", "disconnects", "aliveAfter"}. Exits 1
// when the box dropped the socket or stopped answering acks. Bounded: <rounds> passes over the
// events, 5 s per ack at most.
import { io } from 'socket.io-client';

const [base, token, roundsText, seedText] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node fuzz.mjs <base-url> <token> <rounds> [seed]');
  process.exit(2);
}
const rounds = Number(roundsText ?? 100);

// The client events of src/realtime/client_events.rs (and ../shared/seed/socket-events.txt).
const PAGES = ['dashboard', 'inventory', 'station', 'log', 'request', 'withdrawal', 'order',
  'claim', 'pane', 'production', 'pricing'];
// These answer every ack they are asked for…
const ACKED = [
  'join_me', 'join_station_room', 'leave_station_room', 'join-station', 'mobile-scan',
  ...PAGES.flatMap((page) => [`join_${page}`, `leave_${page}`]),
];
// …these never ack (an ack callback is still sent now and then); the last four are events the
// box does not handle, which it must ignore as well.
const UNACKED = ['system_alert', 'error', 'no_such_event', 'scan-confirmed', 'join_', '__proto__'];
const EVENTS = [...ACKED, ...UNACKED];

// A small deterministic generator, so a failing run can be repeated with its seed.
let state = Number(seedText ?? 42) >>> 0 || 1;
const rand = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 0x100000000;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

function nested(depth) {
  if (depth === 0) return pick([null, 1, 'x', true, [], {}]);
  return rand() < 0.5
    ? [nested(depth - 1), nested(depth - 1)]
    : { stationId: nested(depth - 1), worker: nested(depth - 1), message: nested(depth - 1) };
}

const HUGE = 'A'.repeat(200_000);
const GARBAGE = [
  () => undefined,
  () => null,
  () => 0,
  () => -1,
  () => 1e308,
  () => NaN,
  () => true,
  () => '',
  () => '   ',
  () => HUGE,
  () => '\u0000\uffff\ud83d\ude00' + 'é'.repeat(1000),
  () => '69a98ee25bb1d35efb8cc1ff',
  () => '../../etc/passwd',
  () => [],
  () => [1, 'two', null],
  () => ({}),
  () => ({ stationId: null }),
  () => ({ stationId: 12345 }),
  () => ({ stationId: HUGE }),
  () => ({ stationId: { $ne: null } }),
  () => ({ stationId: ['a', 'b'] }),
  () => ({ stationId: 'cutting', worker: HUGE }),
  () => ({ stationId: 'cutting', worker: 42 }),
  () => ({ message: HUGE }),
  () => ({ message: { nested: true } }),
  () => ({ __proto__: { polluted: true }, constructor: 'x' }),
  () => Buffer.from([0, 1, 2, 255]),
  () => nested(8),
];

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(base, {
      path: '/api/socket-entry',
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 10_000,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

const socket = await connect();
let disconnects = 0;
socket.on('disconnect', () => { disconnects += 1; });

let sent = 0;
let acked = 0;
let ackTimeouts = 0;
for (let round = 0; round < rounds; round += 1) {
  const pending = [];
  for (const event of EVENTS) {
    const argCount = Math.floor(rand() * 4); // 0 to 3 arguments: missing and extra ones
    const args = Array.from({ length: argCount }, () => pick(GARBAGE)());
    if (!ACKED.includes(event)) {
      if (rand() < 0.5) socket.emit(event, ...args, () => {});
      else socket.emit(event, ...args);
    } else if (rand() < 0.5) {
      pending.push(
        socket.timeout(5_000).emitWithAck(event, ...args)
          .then(() => { acked += 1; })
          .catch(() => { ackTimeouts += 1; }),
      );
    } else {
      socket.emit(event, ...args);
    }
    sent += 1;
  }
  await Promise.all(pending);
  if (!socket.connected) break;
}

// Still alive: a valid join answers.
let aliveAfter = false;
try {
  const answer = await socket.timeout(5_000).emitWithAck('join_me');
  aliveAfter = answer?.ok === true;
} catch {
  aliveAfter = false;
}
// Counted before our own disconnect below, which fires the same event.
const dropped = disconnects;
socket.disconnect();
console.log(JSON.stringify({ sent, acked, ackTimeouts, disconnects: dropped, aliveAfter }));
process.exit(aliveAfter && dropped === 0 && ackTimeouts === 0 ? 0 : 1);
