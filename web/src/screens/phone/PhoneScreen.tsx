// The phone as a mobile terminal bound to one station (station-floor.md §5.2 #3, #9). A phone
// is a person: it logs in with the worker's own account and stays on the page it was opened at
// (upstream jumped to a login page and never came back). The station's check-in QR opens
// /stations/<id>/checkin in the phone's camera app; that checks the logged-in worker in
// (the box takes the name from the token: no free-text name, nobody can check in as someone
// else) and then the phone scans for that station: a photo (works on plain HTTP), the live
// camera (HTTPS only), or typing. Every scan does the next logical action for the pane here.
import './phone.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post, request, whenUnauthorized } from '../../lib/api';
import {
  actionLabel,
  describe,
  nextAction,
  stationKind,
  statusAfter,
  statusLabel,
  type Outcome,
  type ScanAction,
} from '../../lib/floor';
import { formatTime, t, useLang } from '../../lib/i18n';
import { Outbox, type Delivery, type ScanBody } from '../../lib/outbox';
import { refId, refName, type PaneDoc } from '../../lib/panedoc';
import { parseScan } from '../../lib/qrtext';
import { navigate, useLocation } from '../../lib/router';
import { person$, type Person } from '../../lib/session';
import { connect, type Connection, type LiveSocket } from '../../lib/socket';
import { sounds, vibrate } from '../../lib/sound';
import { useStore } from '../../lib/store';
import type { StationRef } from '../../lib/types';
import { ConnectionBadge, ErrorNote, LoginForm, OutboxBadge, ScanOverlay, TopBar } from '../../ui/common';
import { Icon } from '../../ui/icons';
import { LiveCamera } from './LiveCamera';
import { decodeOnBox, liveCameraPossible, photoToJpeg } from './qrimage';
import { p } from './strings';

// ---- Small persistent state (sessionStorage: this tab; localStorage: the station's details).

function readJson<T>(storage: Storage, key: string, fallback: T): T {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: it lasts until the page closes.
  }
}

/**
 * What this phone last knew of a pane (from a lookup or its own scans). Used only offline: a
 * pane the phone has seen at this station can still get its next action queued.
 */
interface Known {
  status: string;
  station: string | null;
  sheet?: boolean;
}
const KNOWN_KEY = 'stdplus.phone.known';
const known = new Map<string, Known>(readJson<[string, Known][]>(sessionStorage, KNOWN_KEY, []));
function remember(paneNumber: string, value: Known | null): void {
  known.delete(paneNumber);
  if (value) known.set(paneNumber, value);
  while (known.size > 300) known.delete(known.keys().next().value as string);
  writeJson(sessionStorage, KNOWN_KEY, [...known]);
}

interface CheckinRecord {
  stationId: string;
  personId: string;
  at: number;
}
const CHECKIN_KEY = 'stdplus.phone.checkin';
const doneKey = (stationId: string) => `stdplus.phone.done.${stationId}`;
const stationKey = (stationId: string) => `stdplus.phone.station.${stationId}`;

// ---- One outbox for the phone, whichever station page is open. Answers that arrive while no
// station page listens (the picker is open) are kept and shown when one is.

let outbox: Outbox | null = null;
let listener: ((delivery: Delivery) => void) | null = null;
const unheard: Delivery[] = [];
function phoneOutbox(): Outbox {
  outbox ??= new Outbox(
    () => person$.get()?.token ?? null,
    (delivery) => (listener ? listener(delivery) : void unheard.push(delivery)),
  );
  return outbox;
}
function listen(handler: (delivery: Delivery) => void): () => void {
  listener = handler;
  for (const delivery of unheard.splice(0)) handler(delivery);
  return () => {
    if (listener === handler) listener = null;
  };
}

// ---- The screen.

export default function PhoneScreen({ stationId }: { stationId?: string }) {
  useLang();
  const session = useStore(person$);
  const { path } = useLocation();
  const checkinRoute = /^\/stations\//i.test(path);
  useEffect(() => {
    // A refused login token (expired, worker deleted) is forgotten; the login form then shows
    // on this same page, and the worker carries on where they were.
    whenUnauthorized((token) => {
      if (person$.get()?.token === token) person$.set(null);
    });
  }, []);

  if (!session) {
    return (
      <div class="page phone">
        <TopBar title={t('homePhone')} />
        <main class="phone-main">
          <LoginForm note={p('loginNote')} onLoggedIn={(token, person) => person$.set({ token, person })} />
        </main>
      </div>
    );
  }
  if (!stationId) return <StationPicker token={session.token} person={session.person} />;
  return (
    <StationPhone
      key={`${stationId}|${session.token}`}
      stationId={stationId}
      token={session.token}
      person={session.person}
      checkinRoute={checkinRoute}
    />
  );
}

function Who({ person, pending }: { person: Person; pending: number }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return undefined;
    const timer = setTimeout(() => setArmed(false), 5000);
    return () => clearTimeout(timer);
  }, [armed]);
  const logout = () => {
    // Scans still waiting are sent with whoever logs in next: say so before leaving.
    if (pending > 0 && !armed) {
      setArmed(true);
      return;
    }
    const token = person$.get()?.token;
    person$.set(null);
    if (token) post('/auth/logout', {}, token).catch(() => {});
  };
  return (
    <div class="who card" data-testid="who">
      <span class="who-name">{p('loggedInAs', { name: person.name || person.username })}</span>
      <button type="button" class={`btn ${armed ? 'btn-bad' : ''}`} data-testid="logout-button" onClick={logout}>
        {armed ? p('logoutPending', { n: pending }) : t('logout')}
      </button>
    </div>
  );
}

function StationPicker({ token, person }: { token: string; person: Person }) {
  const pending = useStore(phoneOutbox().pending$);
  const [stations, setStations] = useState<StationRef[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    get<StationRef[]>('/stations?limit=500', token)
      .then((list) => setStations([...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'th'))))
      .catch(setError);
  };
  useEffect(load, [token]);
  return (
    <div class="page phone">
      <TopBar title={t('phonePickStation')}>
        <OutboxBadge pending={pending} />
      </TopBar>
      <main class="phone-main">
        <Who person={person} pending={pending} />
        {error ? <ErrorNote error={error} onRetry={load} /> : null}
        {!stations && !error && <p class="muted">{t('loading')}</p>}
        {stations?.length === 0 && <p class="muted">{p('stationsEmpty')}</p>}
        <nav class="station-list">
          {stations?.map((station) => (
            <a
              key={station._id}
              href={`/phone/${station._id}`}
              class="btn btn-big station-option"
              data-testid="station-option"
              data-station-id={station._id}
              onClick={(event) => {
                event.preventDefault();
                navigate(`/phone/${station._id}`);
              }}
            >
              {station.name}
            </a>
          ))}
        </nav>
      </main>
    </div>
  );
}

type CheckinState =
  | { state: 'idle' }
  | { state: 'waiting' }
  | { state: 'sending' }
  | { state: 'done'; at: number }
  | { state: 'failed'; error: string };

interface Shown {
  outcome: Outcome;
  /** A question instead of an answer: pull the pane here, or merge keeping this sticker. */
  ask?: 'pull' | 'merge';
}

interface Note {
  tone: 'info' | 'error';
  text: string;
}

interface StationProps {
  stationId: string;
  token: string;
  person: Person;
  checkinRoute: boolean;
}

function StationPhone({ stationId, token, person, checkinRoute }: StationProps) {
  const box = phoneOutbox();
  const pending = useStore(box.pending$);
  const [station, setStation] = useState<StationRef | null>(() =>
    readJson<StationRef | null>(localStorage, stationKey(stationId), null),
  );
  const [stationError, setStationError] = useState<unknown>(null);
  const names = useRef(new Map<string, string>());
  const socket = useRef<LiveSocket | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [checkin, setCheckin] = useState<CheckinState>(() => {
    const saved = readJson<CheckinRecord | null>(sessionStorage, CHECKIN_KEY, null);
    return saved && saved.stationId === stationId && saved.personId === person._id
      ? { state: 'done', at: saved.at }
      : { state: 'idle' };
  });
  const wantCheckin = useRef(checkinRoute);
  const [shown, setShown] = useState<Shown | null>(null);
  const [last, setLast] = useState<Outcome | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState('');
  const [manual, setManual] = useState('');
  const [camera, setCamera] = useState(false);
  const [toast, setToast] = useState('');
  const [done, setDone] = useState<string[]>(() => readJson<string[]>(sessionStorage, doneKey(stationId), []));
  /** Outbox keys sent from this page whose answer has not come yet. */
  const expecting = useRef(new Set<string>());

  const stationName = station?.name ?? '';
  const kind = stationKind(station);
  const kindRef = useRef(kind);
  kindRef.current = kind;

  // The station and the names of all stations (a scan-out answer names the next by id).
  useEffect(() => {
    get<StationRef>(`/stations/${encodeURIComponent(stationId)}`, token)
      .then((doc) => {
        setStation(doc);
        setStationError(null);
        names.current.set(doc._id, doc.name);
        writeJson(localStorage, stationKey(stationId), {
          _id: doc._id,
          name: doc.name,
          kind: doc.kind,
          isLaminateStation: doc.isLaminateStation,
        });
      })
      .catch((error) => {
        // Offline, the remembered station keeps the phone useful; a wrong id must be said.
        if (!(error instanceof ApiError && error.offline)) setStationError(error);
      });
    get<StationRef[]>('/stations?limit=500', token)
      .then((list) => (list ?? []).forEach((s) => names.current.set(s._id, s.name)))
      .catch(() => {});
  }, [stationId, token]);

  // The live connection: the station's room (scan-confirmed, pane arrivals).
  useEffect(() => {
    const live = connect({
      token,
      joins: [{ event: 'join-station', args: [stationId] }],
      onResync: () => void box.flush(),
      onRefused: () => person$.set(null),
    });
    socket.current = live;
    setConnection(live.status$.get());
    const unsubscribe = live.status$.subscribe(setConnection);
    const offArrived = live.on('station:pane_arrived', (payload: { paneNumber?: string; toStation?: string }) => {
      if (payload?.paneNumber && (!payload.toStation || payload.toStation === stationId)) {
        setToast(p('newJobToast', { pane: payload.paneNumber }));
      }
    });
    void box.flush();
    return () => {
      unsubscribe();
      offArrived();
      live.close();
      socket.current = null;
    };
  }, [stationId, token]);

  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast(''), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  // ---- Check-in over the socket, confirmed only by the box's ack.

  const checkIn = () => {
    const live = socket.current;
    if (!live || live.status$.get() !== 'online') {
      wantCheckin.current = true;
      setCheckin({ state: 'waiting' });
      return;
    }
    wantCheckin.current = false;
    setCheckin({ state: 'sending' });
    let answered = false;
    // The box always acks `mobile-scan` (src/realtime/client_events.rs: {ok: true} after it
    // announced the check-in, {ok: false, error} when refused), so no ack means it was not
    // confirmed: say so instead of pretending.
    const timer = setTimeout(() => {
      if (answered) return;
      answered = true;
      setCheckin({ state: 'failed', error: p('checkinNoAnswer') });
      sounds.refused();
    }, 10000);
    live.emit('mobile-scan', { stationId }, (ack: { ok?: boolean; error?: string } | undefined) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (ack?.ok) {
        const at = Date.now();
        writeJson(sessionStorage, CHECKIN_KEY, { stationId, personId: person._id, at } satisfies CheckinRecord);
        setCheckin({ state: 'done', at });
        sounds.ok();
        vibrate(80);
        // The scan page's own address, so a reload does not check in again.
        if (checkinRoute) navigate(`/phone/${stationId}`, true);
      } else {
        const error = ack?.error === 'Not authorized' ? p('checkinNotAllowed') : String(ack?.error ?? p('checkinNoAnswer'));
        setCheckin({ state: 'failed', error });
        sounds.refused();
        vibrate([200, 100, 200]);
      }
    });
  };

  useEffect(() => {
    if (connection === 'online' && wantCheckin.current) checkIn();
    else if (wantCheckin.current && checkin.state === 'idle') setCheckin({ state: 'waiting' });
  }, [connection]);

  // ---- Answers from the box.

  const show = (next: Shown | null) => setShown(next);

  useEffect(
    () =>
      listen((delivery) => {
        expecting.current.delete(delivery.item.key);
        const outcome = describe(delivery, names.current);
        const number = delivery.item.paneNumber;
        const action = delivery.item.body.action as ScanAction;
        if (delivery.ok) {
          const after = statusAfter(action);
          remember(number, after ? { status: after, station: delivery.item.body.station } : null);
          setDone((list) => {
            if (list.includes(number)) return list;
            const next = [...list, number];
            writeJson(sessionStorage, doneKey(stationId), next);
            return next;
          });
          sounds.ok();
          vibrate(80);
        } else {
          remember(number, null);
          sounds.refused();
          vibrate([200, 100, 200]);
        }
        setLast(outcome);
        show({ outcome });
      }),
    [stationId],
  );

  // ---- Sending a scan: outbox first, then the answer or, after 2.5 s without one, "queued".

  const send = async (paneNumber: string, body: ScanBody) => {
    const item = await box.add(paneNumber, body);
    expecting.current.add(item.key);
    setTimeout(() => {
      if (!expecting.current.has(item.key)) return;
      const action = body.action as ScanAction;
      const after = statusAfter(action);
      remember(paneNumber, after ? { status: after, station: body.station } : null);
      const outcome: Outcome = {
        tone: 'queued',
        paneNumber,
        title: t('queuedOffline'),
        detail: t(actionLabel[action] ?? 'actionScanIn'),
      };
      setLast(outcome);
      show({ outcome });
      sounds.queued();
      vibrate([60, 60, 60]);
    }, 2500);
  };

  const refuse = (paneNumber: string, detail: string) => {
    const outcome: Outcome = { tone: 'refused', paneNumber, title: t('refused'), detail };
    setLast(outcome);
    show({ outcome });
    sounds.refused();
    vibrate([200, 100, 200]);
  };

  /**
   * Offline, the phone can't ask where the pane is. We queue only when this phone itself saw
   * the pane at this station (a lookup or its own scan earlier): then the next action is known
   * and the outbox sends it, in order, when the box is back. Otherwise we queue nothing: a guess
   * would be scan_in, which is wrong for a pane already in progress and could pull one from
   * another station. The worker is told, and the number stays in the field to resend.
   */
  const offlineScan = (paneNumber: string) => {
    const seen = known.get(paneNumber);
    const mergeQuestion = seen?.sheet && kindRef.current === 'laminate' && seen.status !== 'pending';
    const action = seen && seen.station === stationId && !mergeQuestion ? nextAction(seen.status, kindRef.current) : null;
    if (action) {
      void send(paneNumber, { station: stationId, action });
      return;
    }
    setManual(paneNumber);
    setNote({ tone: 'error', text: p('offlineKeep', { pane: paneNumber }) });
    document.querySelector('.manual-form')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    sounds.refused();
    vibrate([100, 50, 100]);
  };

  const handlePane = async (typed: string) => {
    setBusy(p('lookingUp', { pane: typed }));
    let pane: PaneDoc;
    try {
      pane = await request<PaneDoc>('GET', `/panes/${encodeURIComponent(typed)}`, { token, timeoutMs: 6000 });
    } catch (error) {
      setBusy('');
      if (error instanceof ApiError && error.offline) return offlineScan(typed);
      if (error instanceof ApiError && error.status === 404) return refuse(typed, t('notFound', { pane: typed }));
      return refuse(typed, error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy('');
    }
    const number = pane.paneNumber || typed;
    const status = pane.currentStatus;
    const at = refId(pane.currentStation);
    const statusWord = statusLabel[status] ? t(statusLabel[status]!) : status;
    const sheet = pane.laminateRole === 'sheet';
    remember(number, { status, station: at, sheet });

    if (status === 'merged_into') {
      const survivor = typeof pane.mergedInto === 'object' ? pane.mergedInto?.paneNumber : undefined;
      return refuse(number, survivor ? t('mergedInto', { pane: survivor }) : t('statusMerged'));
    }
    if (status === 'completed' || status === 'defected') return refuse(number, p('terminal', { status: statusWord }));
    if (!['pending', 'in_progress', 'awaiting_scan_out'].includes(status)) {
      return refuse(number, p('notScannable', { status: statusWord }));
    }
    if (pane.laminateRole === 'parent') return refuse(number, p('dormantParent', { pane: number }));

    if (at !== stationId) {
      // Elsewhere (or nowhere yet): say where, and offer to pull it here. The box still checks
      // that this station is on the pane's route.
      const where = at ? refName(pane.currentStation, names.current) : '';
      const detail = where ? `${t('mismatch', { station: where })} (${statusWord})` : p('notAtStation');
      sounds.refused();
      vibrate([200, 100, 200]);
      return show({ outcome: { tone: 'refused', paneNumber: number, title: t('refused'), detail, elsewhere: where }, ask: 'pull' });
    }
    if (sheet && kindRef.current === 'laminate' && status !== 'pending') {
      // A sheet already here: scanning it again chooses it as the sticker to keep (§5.2 #10).
      sounds.alert();
      return show({
        outcome: { tone: 'queued', paneNumber: number, title: p('mergePrompt', { pane: number }), detail: t('laminateGuide') },
        ask: 'merge',
      });
    }
    const action = nextAction(status, kindRef.current);
    if (!action) return refuse(number, p('notScannable', { status: statusWord }));
    await send(number, { station: stationId, action });
  };

  const handleText = async (raw: string) => {
    setNote(null);
    const scanned = parseScan(raw);
    if (scanned.kind === 'checkin') {
      setCamera(false);
      navigate(`/stations/${scanned.stationId}/checkin`);
      return;
    }
    if (scanned.kind === 'unknown') {
      setNote({ tone: 'error', text: p('unknownCode', { text: raw.trim().slice(0, 60) }) });
      sounds.refused();
      vibrate([200, 100, 200]);
      return;
    }
    await handlePane(scanned.paneNumber);
  };

  const onPhoto = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNote(null);
    setBusy(t('phoneDecoding'));
    let codes: string[];
    try {
      codes = await decodeOnBox(await photoToJpeg(file), token);
    } catch (error) {
      setBusy('');
      const text = error instanceof ApiError ? (error.offline ? t('offline') : error.message) : String((error as Error)?.message ?? error);
      setNote({ tone: 'error', text: p('decodeFailed', { error: text }) });
      sounds.refused();
      return;
    }
    setBusy('');
    const first = codes.find((c) => c.trim());
    if (!first) {
      setNote({ tone: 'error', text: t('phoneNoCode') });
      sounds.refused();
      vibrate([200, 100, 200]);
      return;
    }
    await handleText(first);
  };

  const onManual = (event: Event) => {
    event.preventDefault();
    const text = manual.trim();
    if (!text) return;
    setManual('');
    void handleText(text);
  };

  const answer = shown && (
    <ScanOverlay key={shown.outcome.paneNumber + shown.outcome.title + (shown.ask ?? '')} outcome={shown.outcome} onClose={() => show(null)}>
      {shown.ask === 'pull' ? (
        <>
          <button
            type="button"
            class="btn btn-big"
            data-testid="pull-here"
            onClick={() => {
              const number = shown.outcome.paneNumber;
              show(null);
              void send(number, { station: stationId, action: 'scan_in', force: true });
            }}
          >
            {t('pullHere')}
          </button>
          <button type="button" class="btn btn-big" data-testid="overlay-cancel" onClick={() => show(null)}>
            {t('cancel')}
          </button>
        </>
      ) : shown.ask === 'merge' ? (
        <>
          <button
            type="button"
            class="btn btn-big"
            data-testid="merge-confirm"
            onClick={() => {
              const number = shown.outcome.paneNumber;
              show(null);
              void send(number, { station: stationId, action: 'laminate', laminateSurvivorPaneNumber: number });
            }}
          >
            {p('mergeButton', { pane: shown.outcome.paneNumber })}
          </button>
          <button type="button" class="btn btn-big" data-testid="overlay-cancel" onClick={() => show(null)}>
            {t('cancel')}
          </button>
        </>
      ) : undefined}
    </ScanOverlay>
  );

  const checkinText =
    checkin.state === 'done'
      ? t('phoneCheckedIn', { station: stationName || stationId, time: formatTime(new Date(checkin.at)) })
      : checkin.state === 'sending'
        ? p('checkingIn')
        : checkin.state === 'waiting'
          ? p('checkinWaiting')
          : checkin.state === 'failed'
            ? p('checkinFailed', { error: checkin.error })
            : t('checkinTitle');

  return (
    <div class="page phone">
      <TopBar title={stationName ? t('phoneTitle', { station: stationName }) : t('homePhone')}>
        <ConnectionBadge status={connection} />
        <OutboxBadge pending={pending} />
      </TopBar>
      <main class="phone-main">
        <Who person={person} pending={pending} />
        {stationError ? <ErrorNote error={stationError} /> : null}

        <section class={`card checkin checkin-${checkin.state}`} data-testid="checkin-status" data-state={checkin.state}>
          <p class="checkin-text">
            {checkin.state === 'done' ? '✓ ' : checkin.state === 'failed' ? '✕ ' : ''}
            {checkinText}
          </p>
          {checkin.state !== 'sending' && checkin.state !== 'waiting' && (
            <button type="button" class={`btn btn-block ${checkin.state === 'done' ? '' : 'btn-big'}`} data-testid="checkin-button" onClick={checkIn}>
              {checkin.state === 'done' ? p('checkinAgain') : t('phoneCheckin')}
            </button>
          )}
        </section>

        <p class="session-count" data-testid="session-count" data-count={done.length}>
          {t('phoneDoneCount', { n: done.length })}
        </p>

        {busy && (
          <p class="phone-note phone-note-info" role="status" data-testid="phone-busy">
            {busy}
          </p>
        )}
        {note && (
          <p class={`phone-note phone-note-${note.tone}`} role="alert" data-testid="phone-message">
            {note.text}
          </p>
        )}
        {last && (
          <p class={`phone-last phone-last-${last.tone}`} data-testid="last-result" data-tone={last.tone}>
            <strong>{p('lastResult')}:</strong> {last.paneNumber} — {last.title}
            {last.detail ? ` (${last.detail})` : ''}
          </p>
        )}

        <section class="scan-ways">
          <label class={`btn btn-big btn-primary btn-block photo-button ${busy ? 'is-busy' : ''}`} data-testid="photo-button">
            <Icon name="camera" /> {t('phoneTakePhoto')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              class="visually-hidden"
              data-testid="photo-input"
              disabled={!!busy}
              onChange={onPhoto}
            />
          </label>

          {liveCameraPossible() ? (
            camera ? (
              <LiveCamera
                token={token}
                paused={!!shown?.ask || !!busy}
                onCode={(code) => void handleText(code)}
                onStop={() => setCamera(false)}
                onError={(message) => {
                  setCamera(false);
                  setNote({ tone: 'error', text: message });
                }}
              />
            ) : (
              <button type="button" class="btn btn-big btn-block" data-testid="camera-start" onClick={() => setCamera(true)}>
                <Icon name="video" /> {t('phoneLiveCamera')}
              </button>
            )
          ) : (
            <p class="muted" data-testid="camera-unavailable">{p('cameraHttpOnly')}</p>
          )}

          <form class="manual-form" onSubmit={onManual}>
            <label class="visually-hidden" for="phone-manual">{t('phoneManual')}</label>
            <input
              id="phone-manual"
              data-testid="manual-input"
              placeholder={t('phoneManual')}
              autocapitalize="characters"
              autocomplete="off"
              spellcheck={false}
              enterkeyhint="send"
              value={manual}
              onInput={(e) => setManual(e.currentTarget.value)}
            />
            <button type="submit" class="btn btn-primary" data-testid="manual-send" disabled={!manual.trim()}>
              {t('phoneSend')}
            </button>
          </form>
        </section>

        <button type="button" class="btn btn-ghost btn-block" data-testid="change-station" onClick={() => navigate('/phone')}>
          {p('changeStation')}
        </button>
      </main>
      {toast && (
        <div class="toasts">
          <div class="toast toast-ok" role="status" data-testid="toast" onClick={() => setToast('')}>
            {toast}
          </div>
        </div>
      )}
      {answer}
    </div>
  );
}
