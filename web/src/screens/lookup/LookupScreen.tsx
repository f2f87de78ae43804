// Where is this pane, where has it been, and a new sticker for it (station-floor.md §5.2 #12
// "reprint by scan"). Anyone on the floor can use it: a person's login, or else the paired
// kiosk's device token (it may view panes); with neither, a login form on this same page.
import './lookup.css';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, whenUnauthorized } from '../../lib/api';
import { actionLabel, statusLabel, type ScanAction } from '../../lib/floor';
import { formatDateTime, t, useLang } from '../../lib/i18n';
import { refId, refName, type NamedRef, type PaneDoc } from '../../lib/panedoc';
import { parseScan } from '../../lib/qrtext';
import { navigate } from '../../lib/router';
import { device$, person$ } from '../../lib/session';
import { useStore } from '../../lib/store';
import { ErrorNote, LoginForm, TopBar } from '../../ui/common';
import { Icon } from '../../ui/icons';
import { LabelPrint } from './LabelPrint';
import { l } from './strings';

interface PaneLog {
  _id: string;
  action: string;
  station: NamedRef | string | null;
  worker?: string | { _id: string; name?: string; username?: string } | null;
  reason?: string | null;
  description?: string;
  createdAt: string;
}

const HISTORY_LIMIT = 500;

export default function LookupScreen({ paneNumber }: { paneNumber?: string }) {
  useLang();
  const person = useStore(person$);
  const device = useStore(device$);
  const token = person?.token ?? device?.token ?? null;
  // A scanned sticker pasted into the address (`/pane/STDPLUS:PNE-0001`) means the pane too.
  const wanted = paneNumber ? parseScan(paneNumber) : null;
  const number = wanted?.kind === 'pane' ? wanted.paneNumber : (paneNumber ?? '').trim().toUpperCase();
  useEffect(() => {
    // Only a person's refused login is forgotten here; a kiosk's pairing is not this screen's to undo.
    whenUnauthorized((refused) => {
      if (person$.get()?.token === refused) person$.set(null);
    });
  }, []);

  return (
    <div class="page lookup">
      <TopBar title={t('lookupTitle')}>
        {person && (
          <button
            type="button"
            class="btn"
            data-testid="logout-button"
            onClick={() => {
              const old = person.token;
              person$.set(null);
              post('/auth/logout', {}, old).catch(() => {});
            }}
          >
            {t('logout')} ({person.person.name || person.person.username})
          </button>
        )}
      </TopBar>
      <main class="lookup-main">
        {token ? (
          <>
            <SearchForm initial={number} />
            {number && <PaneView key={number} paneNumber={number} token={token} />}
          </>
        ) : (
          <LoginForm note={l('loginNote')} onLoggedIn={(tok, who) => person$.set({ token: tok, person: who })} />
        )}
      </main>
    </div>
  );
}

function SearchForm({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState('');
  useEffect(() => setText(initial), [initial]);
  const submit = (event: Event) => {
    event.preventDefault();
    const scanned = parseScan(text);
    if (scanned.kind === 'pane') {
      setProblem('');
      setText(scanned.paneNumber);
      navigate(`/pane/${encodeURIComponent(scanned.paneNumber)}`);
    } else if (scanned.kind === 'checkin') {
      setProblem(l('stationQr'));
    } else if (text.trim()) {
      setProblem(l('notPane', { text: text.trim().slice(0, 60) }));
    }
  };
  return (
    <form class="lookup-search" onSubmit={submit} role="search">
      <input
        data-testid="lookup-input"
        aria-label={t('lookupPlaceholder')}
        placeholder={t('lookupPlaceholder')}
        autocapitalize="characters"
        autocomplete="off"
        spellcheck={false}
        enterkeyhint="search"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        autofocus
      />
      <button type="submit" class="btn btn-primary" data-testid="lookup-submit">
        {l('search')}
      </button>
      {problem && (
        <p class="error lookup-problem" role="alert" data-testid="lookup-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

const logAction: Record<string, () => string> = {
  start: () => l('actionStart'),
  laminate_start: () => l('actionLaminateStart'),
  laminate_complete: () => l('actionLaminateComplete'),
};
const actionWord = (action: string): string => {
  const shared = actionLabel[action as ScanAction];
  return shared ? t(shared) : (logAction[action]?.() ?? action);
};
const statusWord = (status: string): string => {
  const key = statusLabel[status];
  return key ? t(key) : status;
};

function formatSize(pane: PaneDoc): string {
  const d = pane.dimensions;
  if (!d || (!d.width && !d.height)) return '';
  const parts = [d.width, d.height].map((n) => String(n ?? '?')).join(' × ');
  return d.thickness ? `${parts} × ${d.thickness} mm` : `${parts} mm`;
}

function PaneView({ paneNumber, token }: { paneNumber: string; token: string }) {
  const [pane, setPane] = useState<PaneDoc | null>(null);
  const [customer, setCustomer] = useState('');
  const [logs, setLogs] = useState<PaneLog[] | null>(null);
  const [workers, setWorkers] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [printing, setPrinting] = useState(false);

  const load = async () => {
    setError(null);
    let doc: PaneDoc;
    try {
      doc = await get<PaneDoc>(`/panes/${encodeURIComponent(paneNumber)}`, token);
    } catch (failure) {
      setError(failure);
      return;
    }
    setPane(doc);
    const orderId = refId(doc.order ?? null);
    if (orderId) {
      get<{ customer?: { name?: string } | string | null }>(`/orders/${orderId}`, token)
        .then((order) => setCustomer(typeof order?.customer === 'object' ? (order.customer?.name ?? '') : ''))
        .catch(() => {});
    }
    // The pane's own scan history: GET /api/pane-logs?paneId= (newest first; the timeline
    // endpoint is per material, not per pane). Its rows carry the worker as an id.
    let rows: PaneLog[];
    try {
      rows = (await get<PaneLog[]>(`/pane-logs?paneId=${doc._id}&limit=${HISTORY_LIMIT}`, token)) ?? [];
    } catch (failure) {
      setLogs([]);
      setError(failure);
      return;
    }
    setLogs(rows);
    const ids = [...new Set(rows.map((r) => (typeof r.worker === 'string' ? r.worker : null)).filter((x): x is string => !!x))];
    const found = new Map<string, string>();
    for (const row of rows) {
      if (row.worker && typeof row.worker === 'object') found.set(row.worker._id, row.worker.name || row.worker.username || '');
    }
    await Promise.all(
      ids.slice(0, 50).map((id) =>
        get<{ name?: string; username?: string }>(`/workers/${id}`, token)
          .then((w) => void found.set(id, w?.name || w?.username || ''))
          .catch(() => {}),
      ),
    );
    setWorkers(found);
  };

  useEffect(() => {
    void load();
  }, [paneNumber, token]);

  if (error && !pane) {
    const missing = error instanceof ApiError && error.status === 404;
    return missing ? (
      <div class="card error-card" role="alert" data-testid="lookup-not-found">
        <p>{t('notFound', { pane: paneNumber })}</p>
      </div>
    ) : (
      <ErrorNote error={error} onRetry={() => void load()} />
    );
  }
  if (!pane) return <p class="muted">{t('loading')}</p>;

  const here = refId(pane.currentStation);
  const routing = pane.routing ?? [];
  const currentIndex = routing.findIndex((s) => refId(s) === here);
  const leftFrom = new Set(
    (logs ?? []).filter((r) => ['scan_out', 'qc_pass', 'laminate_complete'].includes(r.action)).map((r) => refId(r.station)),
  );
  const finished = pane.currentStatus === 'completed';
  const order = pane.order && typeof pane.order === 'object' ? pane.order : null;
  const survivor = pane.currentStatus === 'merged_into' && pane.mergedInto && typeof pane.mergedInto === 'object' ? pane.mergedInto.paneNumber : '';
  const parent = pane.laminateRole === 'sheet' && pane.parentPane && typeof pane.parentPane === 'object' ? pane.parentPane.paneNumber : '';

  if (printing) {
    return <LabelPrint pane={pane} orderNumber={order?.orderNumber ?? ''} size={formatSize(pane)} onClose={() => setPrinting(false)} />;
  }

  return (
    <div class="lookup-pane" data-testid="pane-view" data-pane={pane.paneNumber}>
      {survivor && (
        <div class="card merged-card" role="status" data-testid="merged-banner">
          <p>{l('mergedBanner', { pane: survivor })}</p>
          <button type="button" class="btn" onClick={() => navigate(`/pane/${encodeURIComponent(survivor)}`)}>
            {l('openSurvivor', { pane: survivor })}
          </button>
        </div>
      )}

      <section class="card where" data-testid="pane-where">
        <div class="where-head">
          <h2 class="where-number">{pane.paneNumber}</h2>
          <span class={`status-word status-${pane.currentStatus}`} data-testid="pane-status" data-status={pane.currentStatus}>
            {statusWord(pane.currentStatus)}
          </span>
        </div>
        <dl class="facts">
          <div>
            <dt>{l('nowAt')}</dt>
            <dd data-testid="pane-station">{here ? refName(pane.currentStation) : l('noStation')}</dd>
          </div>
          {order && (
            <div>
              <dt>{t('lookupOrder')}</dt>
              <dd data-testid="pane-order">{order.orderNumber ?? order._id}</dd>
            </div>
          )}
          {customer && (
            <div>
              <dt>{l('customer')}</dt>
              <dd data-testid="pane-customer">{customer}</dd>
            </div>
          )}
          {formatSize(pane) && (
            <div>
              <dt>{l('size')}</dt>
              <dd>{formatSize(pane)}</dd>
            </div>
          )}
          {(pane.glassTypeLabel || pane.glassType) && (
            <div>
              <dt>{l('glass')}</dt>
              <dd>{pane.glassTypeLabel || pane.glassType}</dd>
            </div>
          )}
          {parent && (
            <div>
              <dt>{t('laminateBoard')}</dt>
              <dd>{l('sheetOf', { pane: parent })}</dd>
            </div>
          )}
        </dl>
        <div class="btn-row">
          <button type="button" class="btn btn-primary btn-big" data-testid="reprint-label" onClick={() => setPrinting(true)}>
            <Icon name="printer" /> {t('lookupReprint')}
          </button>
          <button type="button" class="btn btn-big" data-testid="lookup-refresh" onClick={() => void load()}>
            <Icon name="reload" /> {l('refresh')}
          </button>
        </div>
      </section>

      <section class="card">
        <h3 class="section-title">{l('route')}</h3>
        {routing.length === 0 ? (
          <p class="muted">{l('noRoute')}</p>
        ) : (
          <ol class="route" data-testid="pane-route">
            {routing.map((stop, index) => {
              const id = refId(stop);
              const current = id === here && !finished;
              const done = finished || leftFrom.has(id) || (currentIndex >= 0 && index < currentIndex);
              return (
                <li
                  key={`${id}-${index}`}
                  class={`chip ${current ? 'chip-current' : done ? 'chip-done' : ''}`}
                  data-testid="route-chip"
                  data-state={current ? 'current' : done ? 'done' : 'todo'}
                  aria-current={current ? 'step' : undefined}
                >
                  <span aria-hidden="true">{current ? '▶' : done ? '✓' : '○'}</span>
                  {refName(stop)}
                  {current ? <span class="chip-note">({l('here')})</span> : done ? <span class="visually-hidden">({l('done')})</span> : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section class="card">
        <h3 class="section-title">{t('lookupHistory')}</h3>
        {error ? <ErrorNote error={error} onRetry={() => void load()} /> : null}
        {logs === null ? (
          <p class="muted">{t('loading')}</p>
        ) : logs.length === 0 ? (
          <p class="muted">{l('historyEmpty')}</p>
        ) : (
          <>
            {logs.length >= HISTORY_LIMIT && <p class="muted">{l('historyCapped', { n: logs.length })}</p>}
            <ol class="history" data-testid="pane-history">
              {logs.map((row) => {
                const workerId = typeof row.worker === 'string' ? row.worker : (row.worker?._id ?? '');
                const who = workers.get(workerId) || (workerId ? l('unknownWorker') : '—');
                return (
                  <li key={row._id} class={`history-row history-${row.action}`} data-testid="history-row" data-action={row.action}>
                    <span class="history-action">{actionWord(row.action)}</span>
                    <span class="history-station">{refName(row.station) || '—'}</span>
                    <span class="history-worker">{who}</span>
                    <time class="history-time" dateTime={row.createdAt}>
                      {formatDateTime(row.createdAt)}
                    </time>
                    {row.reason && (
                      <span class="history-reason">
                        {row.reason}
                        {row.description ? ` — ${row.description}` : ''}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}
