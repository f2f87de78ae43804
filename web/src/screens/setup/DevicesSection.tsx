// Setup → Paired screens: every kiosk and board that holds a device token, with when it was
// last seen, and unpairing (the box revokes the token at once, sockets included).
import { useState } from 'preact/hooks';
import { formatDateTime, useLang } from '../../lib/i18n';
import { STATIONS_PATH } from './StationsSection';
import { DeleteButton, FormError, LoadError, refId, refName, useLoad } from './shared';
import { ts } from './strings';
import type { Device, Station } from './types';

export function DevicesSection({ token }: { token: string }) {
  useLang();
  const devices = useLoad<Device[]>('/devices?limit=100', token);
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [error, setError] = useState<unknown>(null);
  const names = new Map((stations.data ?? []).map((s) => [s._id, s.name]));

  return (
    <section class="setup-section" data-testid="setup-devices">
      <div class="card s-help">
        <h3>{ts('devicesHelpTitle')}</h3>
        <p>{ts('devicesHelp')}</p>
        <div class="btn-row">
          <a class="btn" href="/board" target="_blank" rel="noopener">
            {ts('openBoard')} ↗
          </a>
        </div>
      </div>
      <LoadError loaded={devices} />
      <FormError error={error} />
      {devices.data && devices.data.length === 0 && <p class="muted">{ts('none')}</p>}
      <ul class="s-rows">
        {(devices.data ?? []).map((device) => (
          <li key={device._id} class="card s-row" data-testid={`device-row-${device._id}`} data-kind={device.kind}>
            <div class="s-row-main">
              <h3 class="s-row-title">{device.name}</h3>
              <dl class="s-facts">
                <dt>{ts('deviceKind')}</dt>
                <dd>{device.kind === 'board' ? ts('kindBoard') : ts('kindStation')}</dd>
                {device.kind === 'station' && (
                  <>
                    <dt>{ts('deviceStation')}</dt>
                    <dd>{device.station ? refName(device.station, names) : '—'}</dd>
                  </>
                )}
                <dt>{ts('deviceLastSeen')}</dt>
                <dd data-testid="device-last-seen">
                  {device.lastSeenAt ? formatDateTime(device.lastSeenAt) : ts('deviceNever')}
                </dd>
                {device.createdAt && (
                  <>
                    <dt>{ts('devicePaired')}</dt>
                    <dd>{formatDateTime(device.createdAt)}</dd>
                  </>
                )}
              </dl>
            </div>
            <div class="btn-row">
              {device.kind === 'station' && device.station && (
                <a class="btn" href={`/station/${refId(device.station)}`} target="_blank" rel="noopener">
                  {ts('stationOpenKiosk')} ↗
                </a>
              )}
              <DeleteButton
                label={ts('deviceRevoke')}
                question={ts('deviceRevokeQ', { name: device.name })}
                testid="device-revoke"
                path={`/devices/${device._id}`}
                token={token}
                onError={setError}
                onDone={devices.reload}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
