// Never lose a scan: every scan is written to IndexedDB first, with an Idempotency-Key made
// here, then sent in order. A network failure or a server error leaves it in the outbox to be
// retried (the key makes a replay of a scan that did reach the box harmless); an answer, yes or
// no, takes it out and is reported to the screen. `pending$` is the honest "N waiting to send".
import { ApiError, newKey, request } from './api';
import { store } from './store';

export interface ScanBody {
  station: string;
  action: string;
  force?: boolean;
  reason?: string;
  description?: string;
  laminateSurvivorPaneNumber?: string;
}

export interface OutboxItem {
  seq?: number;
  key: string;
  paneNumber: string;
  body: ScanBody;
  createdAt: number;
}

export type Delivery =
  | { item: OutboxItem; ok: true; data: any }
  | { item: OutboxItem; ok: false; status: number; message: string; detail: any };

const DB_NAME = 'stdplus';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export class Outbox {
  readonly pending$ = store(0);
  private db: Promise<IDBDatabase | null> = openDb();
  /** Fallback when IndexedDB is unavailable (a private window): kept in memory only. */
  private memory: OutboxItem[] = [];
  private nextMemorySeq = 1;
  private flushing = false;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private backoff = 1000;

  constructor(
    private token: () => string | null,
    private deliver: (delivery: Delivery) => void,
  ) {
    void this.count();
    window.addEventListener('online', () => this.flush());
  }

  async add(paneNumber: string, body: ScanBody): Promise<OutboxItem> {
    const item: OutboxItem = { key: newKey(), paneNumber, body, createdAt: Date.now() };
    const db = await this.db;
    if (db) {
      const tx = db.transaction(STORE, 'readwrite');
      item.seq = (await done(tx.objectStore(STORE).add(item))) as number;
    } else {
      item.seq = this.nextMemorySeq++;
      this.memory.push(item);
    }
    await this.count();
    void this.flush();
    return item;
  }

  /** Sends everything waiting, oldest first; stops at the first item the box could not take. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    clearTimeout(this.retryTimer);
    try {
      do {
        this.again = false;
        for (const item of await this.all()) {
          const kept = await this.send(item);
          if (kept) {
            this.retryTimer = setTimeout(() => void this.flush(), this.backoff);
            this.backoff = Math.min(this.backoff * 2, 15000);
            return;
          }
        }
        this.backoff = 1000;
      } while (this.again);
    } finally {
      this.flushing = false;
    }
  }

  /** Sends one item; true when it must stay in the outbox for a later retry. */
  private async send(item: OutboxItem): Promise<boolean> {
    try {
      const data = await request<any>('POST', `/panes/${encodeURIComponent(item.paneNumber)}/scan`, {
        token: this.token(),
        body: item.body,
        idempotencyKey: item.key,
      });
      await this.remove(item);
      this.deliver({ item, ok: true, data });
      return false;
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(0, String(error));
      // Offline, the box restarting, a timeout or a throttle: try again later, same key.
      if (failure.status === 0 || failure.status >= 500 || failure.status === 429 || failure.status === 401) {
        return true;
      }
      await this.remove(item);
      this.deliver({ item, ok: false, status: failure.status, message: failure.message, detail: failure.detail });
      return false;
    }
  }

  private async all(): Promise<OutboxItem[]> {
    const db = await this.db;
    if (!db) return [...this.memory];
    const items = (await done(db.transaction(STORE).objectStore(STORE).getAll())) as OutboxItem[];
    return items.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  private async remove(item: OutboxItem): Promise<void> {
    const db = await this.db;
    if (db && item.seq !== undefined) {
      await done(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(item.seq));
    } else {
      this.memory = this.memory.filter((m) => m.seq !== item.seq);
    }
    await this.count();
  }

  private async count(): Promise<void> {
    const db = await this.db;
    this.pending$.set(db ? await done(db.transaction(STORE).objectStore(STORE).count()) : this.memory.length);
  }
}
