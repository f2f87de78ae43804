// What one scan does on the phone: look the pane up, work out the next logical action for it
// here, put that in the outbox, and show the answer (or, after 2.5 s without one, "queued").
// Codes come from a photo (decoded by the box), the live camera or typing; a station's
// check-in code opens that station's check-in instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../../lib/api';
import {
  actionLabel,
  describe,
  nextAction,
  statusAfter,
  statusLabel,
  type Outcome,
  type ScanAction,
  type StationKind,
} from '../../lib/floor';
import { t } from '../../lib/i18n';
import type { ScanBody } from '../../lib/outbox';
import { refId, refName, type PaneDoc } from '../../lib/panedoc';
import { parseScan } from '../../lib/qrtext';
import { navigate } from '../../lib/router';
import { sounds, vibrate } from '../../lib/sound';
import { recall, remember } from './known';
import { listen, phoneOutbox } from './phoneOutbox';
import { decodeOnBox, photoToJpeg } from './qrimage';
import { readJson, writeJson } from './storage';
import { p } from './strings';

export interface Shown {
  outcome: Outcome;
  /** A question instead of an answer: pull the pane here, or merge keeping this sticker. */
  ask?: 'pull' | 'merge';
}

export interface Note {
  tone: 'info' | 'error';
  text: string;
}

/** This tab's panes done at a station (the session count survives a reload). */
const doneKey = (stationId: string) => `stdplus.phone.done.${stationId}`;
/** How long a sent scan waits for the box's answer before it is shown as queued. */
const ANSWER_WAIT_MS = 2500;
const LOOKUP_TIMEOUT_MS = 6000;

interface Options {
  stationId: string;
  token: string;
  kind: StationKind;
  /** Station id → name, for answers that name a station by id. */
  names: { readonly current: Map<string, string> };
}

export function usePhoneScanner({ stationId, token, kind, names }: Options) {
  const box = phoneOutbox();
  const [shown, setShown] = useState<Shown | null>(null);
  const [last, setLast] = useState<Outcome | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState('');
  const [manual, setManual] = useState('');
  const [camera, setCamera] = useState(false);
  const [done, setDone] = useState<string[]>(() => readJson<string[]>(sessionStorage, doneKey(stationId), []));
  /** Outbox keys sent from this page whose answer has not come yet. */
  const expecting = useRef(new Set<string>());
  // Handlers run after awaits: they must see the station's kind as it is then.
  const kindRef = useRef(kind);
  kindRef.current = kind;

  const show = (next: Shown | null) => setShown(next);

  // ---- Answers from the box.

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
    }, ANSWER_WAIT_MS);
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
    const seen = recall(paneNumber);
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
      pane = await request<PaneDoc>('GET', `/panes/${encodeURIComponent(typed)}`, { token, timeoutMs: LOOKUP_TIMEOUT_MS });
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

  // ---- The answers to the overlay's questions.

  const pullHere = (paneNumber: string) => {
    show(null);
    void send(paneNumber, { station: stationId, action: 'scan_in', force: true });
  };

  const mergeKeeping = (paneNumber: string) => {
    show(null);
    void send(paneNumber, { station: stationId, action: 'laminate', laminateSurvivorPaneNumber: paneNumber });
  };

  return {
    shown,
    dismiss: () => show(null),
    pullHere,
    mergeKeeping,
    last,
    note,
    busy,
    done,
    manual,
    setManual,
    onManual,
    onPhoto,
    handleText,
    camera,
    setCamera,
    cameraFailed: (message: string) => {
      setCamera(false);
      setNote({ tone: 'error', text: message });
    },
  };
}
