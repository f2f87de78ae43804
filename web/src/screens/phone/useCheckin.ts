// Checking the logged-in worker in at the station, over the socket and confirmed only by the
// box's ack. The box takes the name from the token, so nobody can check in as someone else.
// Opened from the station's check-in QR, the phone checks in by itself once it is online.
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../../lib/router';
import type { Connection, LiveSocket } from '../../lib/socket';
import { sounds, vibrate } from '../../lib/sound';
import { readJson, writeJson } from './storage';
import { p } from './strings';

export type CheckinState =
  | { state: 'idle' }
  | { state: 'waiting' }
  | { state: 'sending' }
  | { state: 'done'; at: number }
  | { state: 'failed'; error: string };

/** The last confirmed check-in of this tab, so a reload still shows it. */
interface CheckinRecord {
  stationId: string;
  personId: string;
  at: number;
}
const CHECKIN_KEY = 'stdplus.phone.checkin';
const ACK_TIMEOUT_MS = 10000;

interface Options {
  stationId: string;
  personId: string;
  /** Opened at /stations/<id>/checkin: check in without a tap. */
  checkinRoute: boolean;
  socket: { readonly current: LiveSocket | null };
  connection: Connection;
}

export function useCheckin({ stationId, personId, checkinRoute, socket, connection }: Options) {
  const [checkin, setCheckin] = useState<CheckinState>(() => {
    const saved = readJson<CheckinRecord | null>(sessionStorage, CHECKIN_KEY, null);
    return saved && saved.stationId === stationId && saved.personId === personId
      ? { state: 'done', at: saved.at }
      : { state: 'idle' };
  });
  const wantCheckin = useRef(checkinRoute);

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
    }, ACK_TIMEOUT_MS);
    live.emit('mobile-scan', { stationId }, (ack: { ok?: boolean; error?: string } | undefined) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (ack?.ok) {
        const at = Date.now();
        writeJson(sessionStorage, CHECKIN_KEY, { stationId, personId, at } satisfies CheckinRecord);
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

  // A check-in asked for while offline (or by the QR route) goes as soon as the socket is up.
  useEffect(() => {
    if (connection === 'online' && wantCheckin.current) checkIn();
    else if (wantCheckin.current && checkin.state === 'idle') setCheckin({ state: 'waiting' });
  }, [connection]);

  return { checkin, checkIn };
}
