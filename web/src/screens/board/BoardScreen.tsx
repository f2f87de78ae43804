// The production board (/board): a TV on the shop floor showing every station's work in
// progress, finished panes per hour and the urgent orders. It reads the box's own summary
// (GET /api/board) and refetches only when the box says something changed (socket events,
// debounced, one request at a time) or after a reconnect: no polling.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../../lib/api';
import { t, useLang, formatTime } from '../../lib/i18n';
import { device$, person$ } from '../../lib/session';
import { connect, type LiveSocket } from '../../lib/socket';
import { useStore } from '../../lib/store';
import type { Board } from '../../lib/types';
import { coalesce } from '../../lib/coalesce';
import { Clock, ConnectionBadge, ErrorNote, TopBar } from '../../ui/common';
import { PairBoard } from './PairBoard';
import { PerHour, StationCard, UrgentOrders } from './BoardParts';
import { tb } from './strings';
import './board.css';

/** Events after which the board's numbers may have changed. */
const EVENTS = [
  'pane:updated',
  'order:updated',
  'station:pane_arrived',
  'laminate:ready',
  'pane:laminated',
  'production-log:updated',
];
const DEBOUNCE_MS = 400;

function LiveBadge({ socket }: { socket: LiveSocket }) {
  return <ConnectionBadge status={useStore(socket.status$)} />;
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function LiveBoard({ token, asPerson, onRefused }: { token: string; asPerson: string | null; onRefused: () => void }) {
  useLang();
  const [board, setBoard] = useState<Board | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const refused = useRef(onRefused);
  refused.current = onRefused;
  const reload = useRef<() => void>(() => {});
  const now = useNow(30_000);

  useEffect(() => {
    let live = true;
    const loader = coalesce(async () => {
      try {
        const data = await get<Board>('/board', token);
        if (!live) return;
        setBoard(data);
        setUpdatedAt(new Date());
        setError(null);
      } catch (failure) {
        if (!live) return;
        if (failure instanceof ApiError && failure.status === 401) refused.current();
        else setError(failure);
      }
    }, DEBOUNCE_MS);
    reload.current = loader.now;
    loader.now();
    const live$ = connect({
      token,
      joins: [{ event: 'join_dashboard' }, { event: 'join_production' }],
      onResync: loader.now,
      onRefused: () => refused.current(),
    });
    const offs = EVENTS.map((event) => live$.on(event, loader.soon));
    setSocket(live$);
    return () => {
      live = false;
      loader.stop();
      offs.forEach((off) => off());
      live$.close();
    };
  }, [token]);

  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div class="page board" data-testid="board">
      <TopBar title={t('boardTitle')}>
        <span class="board-updated" data-testid="board-updated">
          {updatedAt ? t('boardUpdated', { time: formatTime(updatedAt) }) : tb('notUpdated')}
          {error && !forbidden ? ` · ${tb('stale')}` : ''}
        </span>
        {socket && <LiveBadge socket={socket} />}
        <Clock />
        {asPerson && (
          <button class="btn" type="button" onClick={() => person$.set(null)} data-testid="board-logout">
            {t('logout')}
          </button>
        )}
        <button
          class="btn"
          type="button"
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
        >
          {t('fullscreen')}
        </button>
      </TopBar>
      {error && (
        <div class="board-error">
          {forbidden ? (
            <div class="card error-card" role="alert">
              <p>
                {tb('forbidden')}: {(error as ApiError).message}
              </p>
            </div>
          ) : (
            <ErrorNote error={error} onRetry={() => reload.current()} />
          )}
        </div>
      )}
      {board ? (
        <main class="board-main">
          <p class="board-shift muted">
            {asPerson && `${tb('loggedInAs', { name: asPerson })} · `}
            {tb('shiftSince', { time: formatTime(board.shiftStartedAt) })}
          </p>
          {board.stations.length === 0 ? (
            <p class="card bempty">{tb('noStations')}</p>
          ) : (
            <section class="board-stations" aria-label={t('boardWip')}>
              {board.stations.map((station) => (
                <StationCard key={station._id} station={station} now={now} />
              ))}
            </section>
          )}
          <div class="board-bottom">
            <PerHour hours={board.finishedPerHour} />
            <UrgentOrders orders={board.urgentOrders} now={now} />
          </div>
        </main>
      ) : (
        !error && <div class="center">{t('loading')}</div>
      )}
    </div>
  );
}

export default function BoardScreen() {
  useLang();
  const device = useStore(device$);
  const person = useStore(person$);
  const [unpaired, setUnpaired] = useState(false);
  const boardDevice = device?.info.kind === 'board' ? device : null;

  // A revoked board says so, even if a person's login is also kept in this browser.
  if (unpaired && !boardDevice) return <PairBoard unpaired />;
  if (boardDevice) {
    return (
      <LiveBoard
        key={boardDevice.token}
        token={boardDevice.token}
        asPerson={null}
        onRefused={() => {
          // Revoked: forget the token and ask for a new pairing, saying why.
          if (device$.get()?.token === boardDevice.token) device$.set(null);
          setUnpaired(true);
        }}
      />
    );
  }
  if (person) {
    return (
      <LiveBoard
        key={person.token}
        token={person.token}
        asPerson={person.person.name}
        onRefused={() => {
          if (person$.get()?.token === person.token) person$.set(null);
        }}
      />
    );
  }
  return <PairBoard unpaired={unpaired} />;
}
