// Setup → Stations: list, add, edit (name, colour, laminate), delete; each row links to its
// kiosk and shows its check-in QR. A station needs a template: the first one is used, and one
// is created when there is none (the box's floor screens do not use template layouts).
import { useState } from 'preact/hooks';
import { get, patch, post } from '../../lib/api';
import { phoneBase, useBoxUrls } from '../../lib/boxurls';
import { lang$, t, useLang } from '../../lib/i18n';
import { checkinUrl, qrImageUrl } from '../../lib/qrtext';
import { STATION_COLORS, colorHex } from './colors';
import { DeleteButton, FormError, LoadError, errorText, useLoad } from './shared';
import { ts } from './strings';
import type { Station } from './types';

export const STATIONS_PATH = '/stations?limit=100&sort=createdAt';

async function templateId(token: string): Promise<string> {
  const templates = await get<{ _id: string }[]>('/station-templates?limit=1&sort=createdAt', token);
  const first = templates?.[0];
  if (first) return first._id;
  const created = await post<{ _id: string }>('/station-templates', { name: ts('defaultTemplate') }, token);
  return created._id;
}

/** The box's floor kinds: what a kiosk at the station shows and does next. */
const STATION_KINDS = ['standard', 'cut', 'laminate', 'qc', 'release', 'dispatch'] as const;

function StationForm({ station, token, onDone }: { station: Station | null; token: string; onDone: () => void }) {
  useLang();
  const [name, setName] = useState(station?.name ?? '');
  const [color, setColor] = useState(station?.colorId ?? 'sky');
  const [laminate, setLaminate] = useState(Boolean(station?.isLaminateStation));
  const [kind, setKind] = useState(station?.kind ?? 'standard');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const thai = lang$.get() === 'th';

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(ts('required', { field: ts('stationName') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { name: trimmed, colorId: color, isLaminateStation: laminate || kind === 'laminate', kind };
      if (station) await patch(`/stations/${station._id}`, body, token);
      else await post('/stations', { ...body, templateId: await templateId(token) }, token);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form s-form-wide" onSubmit={submit} data-testid="station-form">
      <h3>{station ? ts('stationEdit', { name: station.name }) : ts('stationNew')}</h3>
      <label>
        {ts('stationName')}
        <input name="name" data-testid="station-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset class="s-colors">
        <legend>{ts('stationColor')}</legend>
        {STATION_COLORS.map((c) => (
          <button
            key={c.id}
            type="button"
            class={`btn s-color-choice ${color === c.id ? 's-chosen' : ''}`}
            aria-pressed={color === c.id}
            data-testid={`station-color-${c.id}`}
            onClick={() => setColor(c.id)}
          >
            <span class="s-swatch" style={{ background: c.hex }} aria-hidden="true" />
            {thai ? c.th : c.en}
            {color === c.id && <span aria-hidden="true"> ✓</span>}
          </button>
        ))}
      </fieldset>
      <fieldset class="s-colors">
        <legend>{ts('stationKind')}</legend>
        {STATION_KINDS.map((option) => (
          <button
            key={option}
            type="button"
            class={`btn s-color-choice ${kind === option ? 's-chosen' : ''}`}
            aria-pressed={kind === option}
            data-testid={`station-kind-${option}`}
            onClick={() => setKind(option)}
          >
            {ts(`kind_${option}`)}
            {kind === option && <span aria-hidden="true"> ✓</span>}
          </button>
        ))}
      </fieldset>
      <label class="s-check">
        <input
          type="checkbox"
          data-testid="station-laminate"
          checked={laminate}
          onChange={(e) => setLaminate(e.currentTarget.checked)}
        />
        {ts('stationLaminate')}
      </label>
      <FormError error={error} />
      <div class="btn-row">
        <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="station-save">
          {station ? t('save') : ts('add')}
        </button>
        <button class="btn btn-big" type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function StationsSection({ token }: { token: string }) {
  useLang();
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [editing, setEditing] = useState<Station | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const thai = lang$.get() === 'th';
  // Printed check-in codes carry the box's IP address for phones, as the kiosks' do.
  const base = phoneBase(useBoxUrls());
  const done = () => {
    setEditing(null);
    stations.reload();
  };

  return (
    <section class="setup-section" data-testid="setup-stations">
      {editing ? (
        <StationForm key={editing === 'new' ? 'new' : editing._id} station={editing === 'new' ? null : editing} token={token} onDone={done} />
      ) : (
        <button class="btn btn-primary btn-big" type="button" data-testid="station-new" onClick={() => setEditing('new')}>
          + {ts('stationNew')}
        </button>
      )}
      <LoadError loaded={stations} />
      <FormError error={error} />
      {stations.data && stations.data.length === 0 && <p class="muted">{ts('none')}</p>}
      <ul class="s-rows">
        {(stations.data ?? []).map((station) => {
          const colour = STATION_COLORS.find((c) => c.id === station.colorId);
          return (
            <li key={station._id} class="card s-row s-station-row" data-testid={`station-row-${station._id}`}>
              <div class="s-row-main">
                <h3 class="s-row-title">
                  <span class="s-swatch" style={{ background: colorHex(station.colorId) }} aria-hidden="true" />
                  {station.name}
                </h3>
                <p class="muted">
                  {colour ? (thai ? colour.th : colour.en) : station.colorId}
                  {station.isLaminateStation && <span class="s-tag"> {ts('stationLaminateTag')}</span>}
                  {station.kind && station.kind !== 'standard' && station.kind !== 'laminate' && (
                    <span class="s-tag"> {ts(`kind_${station.kind as (typeof STATION_KINDS)[number]}`)}</span>
                  )}
                </p>
                <div class="btn-row">
                  <a class="btn" href={`/station/${station._id}`} target="_blank" rel="noopener" data-testid="station-open-kiosk">
                    {ts('stationOpenKiosk')} ↗
                  </a>
                  <button class="btn" type="button" data-testid="station-edit" onClick={() => setEditing(station)}>
                    {ts('edit')}
                  </button>
                  <DeleteButton
                    label={ts('stationDelete')}
                    question={ts('stationDeleteQ', { name: station.name })}
                    testid="station-delete"
                    path={`/stations/${station._id}`}
                    token={token}
                    onError={setError}
                    onDone={stations.reload}
                  />
                </div>
              </div>
              <a class="s-qr-link" href={qrImageUrl(checkinUrl(station._id, base), 'H')} target="_blank" rel="noopener">
                <img
                  class="s-qr"
                  src={qrImageUrl(checkinUrl(station._id, base), 'H')}
                  alt={ts('stationCheckinQr')}
                  data-testid="station-checkin-qr"
                  width={160}
                  height={160}
                />
                <span class="s-qr-caption">{ts('stationCheckinQr')}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
