// One Socket.IO connection per screen, on this page's origin. Unlike upstream it never gives
// up (unlimited reconnection with backoff), re-joins its rooms after every reconnect, and tells
// the screen to refetch what it shows, because events sent while it was away are gone.
import { io, type Socket } from 'socket.io-client';
import { get } from './api';
import { store, type Store } from './store';

/** The box's build this page was loaded from; a reconnect to another build reloads the page,
 * so a kiosk never runs an old app against a new box (scans waiting in the outbox survive a
 * reload: they are in IndexedDB). */
let loadedBuild: string | null = null;
async function reloadIfTheBoxChanged(): Promise<void> {
  try {
    const health = await get<{ version?: string; revision?: string }>('/health');
    const build = `${health?.version ?? ''} ${health?.revision ?? ''}`;
    if (loadedBuild === null) loadedBuild = build;
    else if (build !== loadedBuild) window.location.reload();
  } catch {
    // Unreachable again: the next reconnect checks.
  }
}

export type Connection = 'connecting' | 'online' | 'offline';

export interface Join {
  event: string;
  args?: unknown[];
}

export interface LiveSocket {
  status$: Store<Connection>;
  on(event: string, handler: (payload: any) => void): () => void;
  emit(event: string, ...args: unknown[]): void;
  close(): void;
}

interface Options {
  token: string;
  joins: Join[];
  /** After every (re)connect and re-join: refetch what the screen shows. */
  onResync: () => void;
  /** The server refused the token: the screen must forget it. */
  onRefused?: (message: string) => void;
}

export function connect({ token, joins, onResync, onRefused }: Options): LiveSocket {
  const status$ = store<Connection>('connecting');
  const socket: Socket = io(window.location.origin, {
    path: '/api/socket-entry',
    auth: { token },
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 8000,
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  socket.on('connect', () => {
    status$.set('online');
    void reloadIfTheBoxChanged();
    for (const join of joins) socket.emit(join.event, ...(join.args ?? []), () => {});
    onResync();
  });
  socket.on('disconnect', () => status$.set('offline'));
  socket.on('connect_error', (error: Error) => {
    status$.set('offline');
    // A refused handshake stops socket.io's own retries (socket.active is false). A token
    // problem is final; anything else (the box restarting) is retried here.
    if (socket.active || closed) return;
    if (/token|authenticated|no longer exists|revoked/i.test(error.message)) {
      onRefused?.(error.message);
      return;
    }
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), 3000);
  });
  // The socket.io client pauses while the browser says it is offline; nudge it when back.
  const online = () => {
    if (!socket.connected && !closed) socket.connect();
  };
  window.addEventListener('online', online);

  return {
    status$,
    on(event, handler) {
      socket.on(event, handler);
      return () => socket.off(event, handler);
    },
    emit(event, ...args) {
      socket.emit(event, ...args);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      window.removeEventListener('online', online);
      socket.disconnect();
    },
  };
}
