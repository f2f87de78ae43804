// `/station/<id>`: a paired kiosk runs the station screen; an unpaired one shows the pairing
// panel (an admin logs in once; the screen keeps a device token limited to this station and
// never asks for a password again). A revoked token brings the pairing panel back with a note.
import { useEffect, useState } from 'preact/hooks';
import './kiosk.css';
import { ApiError, get, post, whenUnauthorized } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { device$, type DeviceInfo, type Person } from '../../lib/session';
import { useStore } from '../../lib/store';
import { LoginForm, TopBar } from '../../ui/common';
import { Kiosk } from './Kiosk';
import { k } from './strings';

export default function KioskScreen({ stationId }: { stationId: string }) {
  useLang();
  const paired = useStore(device$);
  const [revoked, setRevoked] = useState(false);
  const [repairing, setRepairing] = useState(false);

  useEffect(() => {
    whenUnauthorized((token) => {
      if (device$.get()?.token === token) {
        device$.set(null);
        setRevoked(true);
      }
    });
  }, []);

  const here = paired?.info.kind === 'station' && paired.info.station?._id === stationId;
  if (paired && here) return <Kiosk stationId={stationId} token={paired.token} device={paired.info} />;
  if (paired && !repairing) {
    const name = paired.info.station?.name ?? paired.info.name;
    return (
      <div class="page">
        <TopBar title={t('appName')} />
        <main class="center">
          <p class="lead">{k('pairOther', { name })}</p>
          <div class="btn-row">
            {paired.info.station && (
              <button class="btn btn-primary btn-big" type="button" onClick={() => navigate(`/station/${paired.info.station?._id}`)}>
                {k('goThere', { name })}
              </button>
            )}
            <button class="btn btn-big" type="button" onClick={() => setRepairing(true)}>
              {k('repair')}
            </button>
          </div>
        </main>
      </div>
    );
  }
  return <Pairing stationId={stationId} revoked={revoked} onPaired={() => setRepairing(false)} />;
}

function Pairing({ stationId, revoked, onPaired }: { stationId: string; revoked: boolean; onPaired: () => void }) {
  useLang();
  const [admin, setAdmin] = useState<{ token: string; person: Person } | null>(null);
  const [stationName, setStationName] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    if (!admin) return;
    get<{ name: string }>(`/stations/${stationId}`, admin.token)
      .then((station) => {
        setStationName(station.name);
        setName((current) => current || `Kiosk ${station.name}`);
      })
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : String(failure)));
  }, [admin, stationId]);

  const pair = async (event: Event) => {
    event.preventDefault();
    if (!admin) return;
    setError('');
    try {
      const created = await post<{ token: string }>('/devices', { name: name.trim(), kind: 'station', station: stationId }, admin.token);
      const info = await get<DeviceInfo>('/devices/me', created.token);
      // The admin's own token is dropped here: a kiosk keeps only its limited device token.
      setAdmin(null);
      device$.set({ token: created.token, info });
      onPaired();
    } catch (failure) {
      setError(failure instanceof ApiError ? (failure.status === 403 ? t('pairNeedsAdmin') : failure.message) : String(failure));
    }
  };

  return (
    <div class="page">
      <TopBar title={t('pairTitle')} />
      <main class="pairing" data-testid="pairing">
        {revoked && (
          <p class="card error-card" role="alert" data-testid="unpaired">
            {t('unpaired')}
          </p>
        )}
        <p class="lead">{t('pairHelp')}</p>
        {!admin ? (
          <LoginForm note={t('pairAsAdmin')} onLoggedIn={(token, person) => setAdmin({ token, person })} />
        ) : (
          <form class="card form" onSubmit={pair} data-testid="pair-form">
            <p class="lead">{stationName}</p>
            <label>
              {t('pairScreenName')}
              <input name="screen-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} />
            </label>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            <button class="btn btn-primary btn-big" type="submit" data-testid="pair-submit">
              {t('pairButton')}
            </button>
          </form>
        )}
      </main>
    </div>
  );
}
