// The phone opened without a station (/phone): pick the station to scan for.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../lib/api';
import { t } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import type { Person } from '../../lib/session';
import { useStore } from '../../lib/store';
import type { StationRef } from '../../lib/types';
import { ErrorNote, OutboxBadge, TopBar } from '../../ui/common';
import { phoneOutbox } from './phoneOutbox';
import { p } from './strings';
import { Who } from './Who';

export function StationPicker({ token, person }: { token: string; person: Person }) {
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
