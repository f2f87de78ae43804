// The station this phone scans for, and the names of all stations (a scan-out answer names the
// next station by id). The station's details are remembered in localStorage so that, offline,
// the phone still knows its kind and name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../../lib/api';
import type { StationRef } from '../../lib/types';
import { readJson, writeJson } from './storage';

const stationKey = (stationId: string) => `stdplus.phone.station.${stationId}`;

export function useStation(stationId: string, token: string) {
  const [station, setStation] = useState<StationRef | null>(() =>
    readJson<StationRef | null>(localStorage, stationKey(stationId), null),
  );
  const [stationError, setStationError] = useState<unknown>(null);
  /** Station id → name; a ref, since answers are described outside of rendering. */
  const names = useRef(new Map<string, string>());

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

  return { station, stationError, names };
}
