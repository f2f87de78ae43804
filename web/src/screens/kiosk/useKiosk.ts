// The kiosk's state and its one scan handler. Every scan goes through the outbox (IndexedDB,
// Idempotency-Key) and is answered on screen: green or red when the box answers within a moment,
// amber "saved, will be sent" when it cannot be reached. The queue is fetched from the box's
// station queue endpoint and refetched on this station's events and after every reconnect.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../../lib/api';
import { coalesce } from '../../lib/coalesce';
import { actionLabel, describe, nextAction, stationKind, statusAfter, type Outcome, type ScanAction } from '../../lib/floor';
import { t } from '../../lib/i18n';
import { Outbox, type Delivery, type ScanBody } from '../../lib/outbox';
import { parseScan } from '../../lib/qrtext';
import { connect, type Connection } from '../../lib/socket';
import { sounds } from '../../lib/sound';
import { useStore } from '../../lib/store';
import type { LaminateGroup, PaneBrief, StationQueue, StationRef } from '../../lib/types';
import { k } from './strings';

export interface Recent {
  key: string;
  paneNumber: string;
  action: string;
  state: 'waiting' | 'ok' | 'refused';
  message: string;
  at: number;
  /** Who scanned, when not this screen (a USB camera). */
  source?: string;
}

export interface Toast {
  id: number;
  tone: 'ok' | 'warn' | 'info';
  text: string;
}

/** A scan that needs one more choice on screen: the QC verdict or the laminate survivor. */
export type Pending =
  | { kind: 'qc'; paneNumber: string }
  | { kind: 'merge'; group: LaminateGroup }
  | { kind: 'elsewhere'; paneNumber: string; outcome: Outcome };

const ANSWER_WAIT_MS = 1500;

export function useKiosk(stationId: string, token: string) {
  const [queue, setQueue] = useState<StationQueue | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stationNames, setStationNames] = useState(new Map<string, string>());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [recent, setRecent] = useState<Recent[]>([]);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [checkin, setCheckin] = useState<{ worker: string; time: string } | null>(null);
  const [status, setStatus] = useState<Connection>('connecting');
  // Statuses this screen's own scans gave panes since the queue was last fetched (null: the
  // pane left this station), so that quick successive scans, and scans made offline, act on
  // the pane's new state rather than on a stale queue.
  const overrides = useRef(new Map<string, { status: string | null; at: number }>());
  const awaiting = useRef<string | null>(null);
  const queueRef = useRef<StationQueue | null>(null);
  queueRef.current = queue;
  const pendingRef = useRef<Pending | null>(null);
  pendingRef.current = pending;

  const queueFetch = useMemo(() => coalesce(async () => {
    try {
      const started = Date.now();
      const next = await get<StationQueue>(`/stations/${stationId}/queue`, token);
      // The fetched queue already shows what happened before the request left.
      for (const [pane, change] of overrides.current) if (change.at < started) overrides.current.delete(pane);
      setQueue(next);
      setLoadError(null);
    } catch (failure) {
      if (!queueRef.current) setLoadError(failure);
    }
  }, 250), [stationId, token]);
  const refetch = queueFetch.soon;

  const toast = (tone: Toast['tone'], text: string) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-3), { id, tone, text }]);
    setTimeout(() => setToasts((list) => list.filter((item) => item.id !== id)), 10_000);
  };

  const outbox = useMemo(
    () =>
      new Outbox(
        () => token,
        (delivery: Delivery) => {
          const answer = describe(delivery, namesRef.current);
          remember(delivery);
          setRecent((list) =>
            list.map((entry) =>
              entry.key === delivery.item.key
                ? { ...entry, state: delivery.ok ? 'ok' : 'refused', message: answer.title + (answer.detail ? ` · ${answer.detail}` : '') }
                : entry,
            ),
          );
          if (awaiting.current === delivery.item.key) {
            awaiting.current = null;
            show(answer);
          } else if (!delivery.ok) {
            // A queued scan the box refused after the fact: say so, it is not silently dropped.
            toast('warn', `${delivery.item.paneNumber}: ${answer.detail}`);
          }
          refetch();
        },
      ),
    [token],
  );
  /** What an answered scan says about the pane, until the queue is refetched. */
  function remember(delivery: Delivery) {
    if (delivery.ok) {
      const pane = delivery.data?.pane;
      const at = typeof pane?.currentStation === 'object' ? pane?.currentStation?._id : pane?.currentStation;
      const status = pane && at === stationId ? String(pane.currentStatus) : null;
      overrides.current.set(delivery.item.paneNumber, { status, at: Date.now() });
    } else {
      overrides.current.delete(delivery.item.paneNumber);
    }
  }

  /** A USB camera at this station scanned: answered here like this screen's own scans. */
  const cameraScanned = (report: any) => {
    const source = k('byCamera', { name: String(report?.camera?.name ?? '') });
    const paneNumber = String(report?.paneNumber ?? '') || '?';
    const item = {
      key: `camera:${String(report?.camera?._id ?? '')}:${String(report?.at ?? Date.now())}`,
      paneNumber,
      body: { station: stationId, action: (report?.action ?? 'scan_in') as ScanAction },
      createdAt: Date.now(),
    };
    const delivery: Delivery = report?.ok
      ? { item, ok: true, data: report.data ?? {} }
      : { item, ok: false, status: Number(report?.status ?? 400), message: String(report?.message ?? ''), detail: report?.detail ?? null };
    const answer = describe(delivery, namesRef.current);
    if (report?.paneNumber) remember(delivery);
    setRecent((list) =>
      [
        {
          key: item.key,
          paneNumber,
          action: item.body.action,
          state: delivery.ok ? ('ok' as const) : ('refused' as const),
          message: answer.title + (answer.detail ? ` · ${answer.detail}` : ''),
          at: Date.now(),
          source,
        },
        ...list.filter((entry) => entry.key !== item.key),
      ].slice(0, 8),
    );
    // A choice being made on this screen (QC verdict, laminate survivor) keeps the screen.
    if (!pendingRef.current) show({ ...answer, source });
    else if (!delivery.ok) toast('warn', `${source}: ${paneNumber} · ${answer.detail}`);
    refetch();
  };

  const pendingCount = useStore(outbox.pending$);
  const namesRef = useRef(stationNames);
  namesRef.current = stationNames;

  const show = (answer: Outcome) => {
    setOutcome(answer);
    if (answer.tone === 'ok') sounds.ok();
    else if (answer.tone === 'queued') sounds.queued();
    else sounds.refused();
  };

  useEffect(() => {
    // The queue comes first; the socket's handshake takes a few more round trips.
    queueFetch.now();
    const live = connect({
      token,
      joins: [
        { event: 'join-station', args: [stationId] },
        { event: 'join_station_room', args: [{ stationId }] },
      ],
      onResync: () => {
        queueFetch.now();
        get<StationRef[]>('/stations', token)
          .then((list) => setStationNames(new Map(list.map((s) => [s._id, s.name]))))
          .catch(() => {});
        void outbox.flush();
      },
    });
    const unsubscribe = live.status$.subscribe(setStatus);
    let lastArrival = '';
    const arrived = (paneNumber: string, remake: boolean) => {
      // pane_arrived and its notification come together: one alert per pane.
      if (paneNumber && paneNumber === lastArrival) return;
      lastArrival = paneNumber;
      toast('info', remake ? k('remakeArrived', { pane: paneNumber }) : t('newJob', { pane: paneNumber }));
      sounds.alert();
      refetch();
    };
    const offs = [
      live.on('station:pane_arrived', (p) => arrived(String(p?.paneNumber ?? ''), Boolean(p?.isRemake))),
      live.on('notification', (p) => {
        const pane = /(PNE-[\w-]+)/.exec(String(p?.message ?? ''))?.[1] ?? '';
        if (p?.type === 'pane_arrived' && pane) arrived(pane, false);
        else {
          toast('info', String(p?.title ?? t('alertTitle')) + (p?.message ? ` — ${p.message}` : ''));
          sounds.alert();
          refetch();
        }
      }),
      live.on('camera:scan', (p) => cameraScanned(p)),
      live.on('scan-confirmed', (p) => {
        const worker = String(p?.worker ?? '');
        setCheckin({ worker, time: String(p?.time ?? '') });
        toast('ok', t('checkedIn', { name: worker }));
        sounds.alert();
      }),
      ...['pane:updated', 'laminate:ready', 'laminate:waiting', 'pane:laminated', 'order:updated'].map((event) =>
        live.on(event, () => refetch()),
      ),
    ];
    return () => {
      offs.forEach((off) => off());
      unsubscribe();
      live.close();
      queueFetch.stop();
    };
  }, [stationId, token]);

  const station = queue?.station ?? null;
  const kind = stationKind(station);

  /** The pane as this screen knows it, with offline changes applied; null when not here. */
  const localPane = (paneNumber: string): PaneBrief | null => {
    const current = queueRef.current;
    if (!current) return null;
    for (const group of current.orders) {
      const pane = group.panes.find((p) => p.paneNumber === paneNumber);
      if (pane) {
        if (!overrides.current.has(paneNumber)) return pane;
        const status = overrides.current.get(paneNumber)?.status;
        return status ? { ...pane, currentStatus: status } : null;
      }
    }
    return null;
  };

  const groupOfSheet = (paneNumber: string): LaminateGroup | null =>
    queueRef.current?.laminateGroups.find((g) => g.sheets.some((s) => s.paneNumber === paneNumber)) ?? null;

  /** Queues a scan and answers it on screen. */
  const send = async (paneNumber: string, action: ScanAction, extra: Partial<ScanBody> = {}) => {
    setPending(null);
    const item = await outbox.add(paneNumber, { station: stationId, action, ...extra });
    overrides.current.set(paneNumber, { status: statusAfter(action), at: Date.now() });
    setRecent((list) => [
      { key: item.key, paneNumber, action, state: 'waiting' as const, message: t('queuedOffline'), at: Date.now() },
      ...list.filter((entry) => entry.key !== item.key),
    ].slice(0, 8));
    awaiting.current = item.key;
    setTimeout(() => {
      if (awaiting.current === item.key) {
        awaiting.current = null;
        show({ tone: 'queued', paneNumber, title: t('queuedOffline'), detail: t(actionLabel[action]) });
      }
    }, status === 'online' ? ANSWER_WAIT_MS : 0);
  };

  /** A pane this screen does not hold: ask the box where it is before acting. */
  const lookUp = async (paneNumber: string) => {
    try {
      const pane = await get<{ currentStatus: string; currentStation?: string | { _id: string; name: string } | null }>(
        `/panes/${encodeURIComponent(paneNumber)}`,
        token,
      );
      const at = typeof pane.currentStation === 'object' ? pane.currentStation?._id : pane.currentStation;
      const atName = typeof pane.currentStation === 'object' ? pane.currentStation?.name : at && namesRef.current.get(at);
      const action = nextAction(pane.currentStatus, kind);
      if (at === stationId && action) return act(paneNumber, action);
      if (at && at !== stationId && action) {
        const answer: Outcome = { tone: 'refused', paneNumber, title: t('mismatch', { station: atName ?? at }), detail: k('notHere') };
        sounds.refused();
        return setPending({ kind: 'elsewhere', paneNumber, outcome: answer });
      }
      // Not scannable here (finished, retired, not routed): the box words why.
      return send(paneNumber, 'scan_in');
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) {
        return show({ tone: 'refused', paneNumber, title: t('refused'), detail: t('notFound', { pane: paneNumber }) });
      }
      // Offline: a pane scanned at a station is nearly always arriving there.
      return send(paneNumber, 'scan_in');
    }
  };

  /** The laminate merge keeping `survivor`; until the queue is refetched, the other sheets
   * count as gone and the survivor as a pane waiting for scan-out. */
  const merge = (group: LaminateGroup, survivor: string) => {
    for (const sheet of group.sheets) {
      overrides.current.set(sheet.paneNumber, { status: sheet.paneNumber === survivor ? 'awaiting_scan_out' : null, at: Date.now() });
    }
    return send(survivor, 'laminate', { laminateSurvivorPaneNumber: survivor });
  };

  const act = (paneNumber: string, action: ScanAction) => {
    if (action === 'qc_pass' && kind === 'qc') return setPending({ kind: 'qc', paneNumber });
    return send(paneNumber, action);
  };

  const scan = (raw: string) => {
    const code = parseScan(raw);
    if (code.kind === 'checkin') return toast('warn', k('checkinCode'));
    if (code.kind === 'unknown') {
      return show({ tone: 'refused', paneNumber: '?', title: t('refused'), detail: k('unknownCode', { text: code.text.slice(0, 40) }) });
    }
    const paneNumber = code.paneNumber;
    // A choice in progress: the next scan answers it.
    if (pending?.kind === 'merge' && pending.group.sheets.some((s) => s.paneNumber === paneNumber)) {
      return merge(pending.group, paneNumber);
    }
    if (pending?.kind === 'qc' && pending.paneNumber === paneNumber) return send(paneNumber, 'qc_pass');
    // Laminate sheets are judged with this screen's own recent scans applied; a sheet it just
    // merged (retired, or the survivor) is no longer part of a set.
    const recentStatus = (sheet: string) => overrides.current.get(sheet)?.status;
    const own = overrides.current.get(paneNumber);
    const group = own && own.status !== 'in_progress' ? null : groupOfSheet(paneNumber);
    if (group) {
      const sheet = group.sheets.find((s) => s.paneNumber === paneNumber);
      const status = (s: { paneNumber: string; currentStatus: string }) => recentStatus(s.paneNumber) ?? s.currentStatus;
      const present = group.sheets.filter((s) => s.here && ['in_progress', 'awaiting_scan_out'].includes(status(s))).length;
      if (sheet?.here && status(sheet) === 'pending') return send(paneNumber, 'scan_in');
      if (sheet?.here && (group.ready || present === group.total)) return setPending({ kind: 'merge', group });
      if (sheet?.here) {
        sounds.queued();
        return setOutcome({
          tone: 'queued',
          paneNumber,
          title: k('waitingSheets', { present, total: group.total }),
          detail: '',
        });
      }
    }
    const pane = localPane(paneNumber);
    const action = pane && nextAction(pane.currentStatus, kind);
    if (action) return act(paneNumber, action);
    if (status !== 'online') return send(paneNumber, 'scan_in');
    return lookUp(paneNumber);
  };

  return {
    queue,
    loadError,
    refetch,
    station,
    kind,
    status,
    pendingCount,
    outcome,
    clearOutcome: () => setOutcome(null),
    pending,
    setPending,
    recent,
    toasts,
    checkin,
    scan,
    send,
    act,
    merge,
  };
}
