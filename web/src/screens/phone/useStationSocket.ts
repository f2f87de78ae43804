// The phone's live connection to its station's room: connection state for the badge, a toast
// when a pane arrives here, and an outbox flush after every (re)connect, since that is when
// scans queued offline can go.
import { useEffect, useRef, useState } from 'preact/hooks';
import { person$ } from '../../lib/session';
import { connect, type Connection, type LiveSocket } from '../../lib/socket';
import { phoneOutbox } from './phoneOutbox';
import { p } from './strings';

const TOAST_MS = 6000;

export function useStationSocket(stationId: string, token: string) {
  const box = phoneOutbox();
  const socket = useRef<LiveSocket | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [toast, setToast] = useState('');

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
    const timer = setTimeout(() => setToast(''), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  return { socket, connection, toast, clearToast: () => setToast('') };
}
