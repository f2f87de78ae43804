// Setup → Cameras: USB-camera QR stations with their live state (refreshed every few seconds),
// adding, enabling/disabling and removing. The box starts and stops cameras at once.
import { useEffect, useState } from 'preact/hooks';
import { patch, post } from '../../lib/api';
import { useLang } from '../../lib/i18n';
import { STATIONS_PATH } from './StationsSection';
import { DeleteButton, FormError, LoadError, useLoad } from './shared';
import { tc } from './strings-cameras';
import type { Station } from './types';

interface Live {
  running: boolean;
  finished: boolean;
  lastError: string | null;
  framesPerSecond: number;
  lastCode: string | null;
  lastAction: string | null;
}

interface Camera {
  _id: string;
  name: string;
  device: string;
  station: string;
  enabled: boolean;
  live: Live | null;
}

const REFRESH_MS = 3000;

export function CamerasSection({ token }: { token: string }) {
  useLang();
  const cameras = useLoad<Camera[]>('/cameras?limit=100', token);
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ name: '', device: '/dev/video-auto', station: '' });
  const names = new Map((stations.data ?? []).map((s) => [s._id, s.name]));

  useEffect(() => {
    const timer = setInterval(cameras.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const add = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await post('/cameras', { ...draft, station: draft.station || stations.data?.[0]?._id }, token);
      setDraft({ ...draft, name: '' });
    } catch (failure) {
      setError(failure);
    }
    cameras.reload();
  };

  const toggle = async (camera: Camera) => {
    setError(null);
    try {
      await patch(`/cameras/${camera._id}`, { enabled: !camera.enabled }, token);
    } catch (failure) {
      setError(failure);
    }
    cameras.reload();
  };

  return (
    <section class="setup-section" data-testid="setup-cameras">
      <div class="card s-help">
        <h3>{tc('helpTitle')}</h3>
        <p>{tc('help')}</p>
      </div>
      <form class="card s-form" onSubmit={add} data-testid="camera-form">
        <label>
          {tc('name')}
          <input data-testid="camera-name" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
        </label>
        <label>
          {tc('device')}
          <input data-testid="camera-device" value={draft.device} onInput={(e) => setDraft({ ...draft, device: e.currentTarget.value })} required />
        </label>
        <label>
          {tc('station')}
          <select data-testid="camera-station" value={draft.station} onChange={(e) => setDraft({ ...draft, station: e.currentTarget.value })}>
            {(stations.data ?? []).map((s) => (
              <option key={s._id} value={s._id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button class="btn btn-primary" type="submit" data-testid="camera-add">
          {tc('add')}
        </button>
      </form>
      <LoadError loaded={cameras} />
      <FormError error={error} />
      {cameras.data && cameras.data.length === 0 && <p class="muted">{tc('none')}</p>}
      <ul class="s-rows">
        {(cameras.data ?? []).map((camera) => (
          <li key={camera._id} class="card s-row" data-testid={`camera-row-${camera._id}`}>
            <div class="s-row-main">
              <h3 class="s-row-title">{camera.name}</h3>
              <dl class="s-facts">
                <dt>{tc('device')}</dt>
                <dd>{camera.device}</dd>
                <dt>{tc('station')}</dt>
                <dd>{names.get(camera.station) ?? camera.station}</dd>
                <dt>{tc('enabled')}</dt>
                <dd data-testid="camera-state">{liveText(camera)}</dd>
                {camera.live?.lastCode && (
                  <>
                    <dt>{tc('lastCode')}</dt>
                    <dd>{camera.live.lastCode}</dd>
                  </>
                )}
                {camera.live?.lastAction && (
                  <>
                    <dt>{tc('lastAction')}</dt>
                    <dd data-testid="camera-last-action">{camera.live.lastAction}</dd>
                  </>
                )}
                {camera.live?.lastError && (
                  <>
                    <dt>{tc('lastError')}</dt>
                    <dd>{camera.live.lastError}</dd>
                  </>
                )}
              </dl>
            </div>
            <div class="btn-row">
              <button class="btn" type="button" data-testid="camera-toggle" onClick={() => toggle(camera)}>
                {camera.enabled ? tc('disable') : tc('enable')}
              </button>
              <DeleteButton
                label={tc('remove')}
                question={tc('removeQ', { name: camera.name })}
                testid="camera-remove"
                path={`/cameras/${camera._id}`}
                token={token}
                onError={setError}
                onDone={cameras.reload}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function liveText(camera: Camera): string {
  const live = camera.live;
  if (!camera.enabled || !live) return tc('off');
  if (live.finished) return tc('finished');
  if (!live.running) return tc('stopped');
  return `${tc('running')} · ${tc('fps', { n: live.framesPerSecond.toFixed(1) })}`;
}
