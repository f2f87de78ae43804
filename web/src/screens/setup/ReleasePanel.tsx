// Route and release: pick the stations in order (tap to add, ✕ to remove, ↑ ↓ to reorder) and
// the number of panes, then one atomic POST /api/orders/{id}/release.
import { useState } from 'preact/hooks';
import { post } from '../../lib/api';
import { useLang } from '../../lib/i18n';
import { colorHex } from './colors';
import { STATIONS_PATH } from './StationsSection';
import { FormError, LoadError, errorText, refId, useLoad } from './shared';
import { to } from './strings-orders';
import type { Order, Station } from './types';

const MAX_STATIONS = 30;

export function ReleasePanel({ order, token, onReleased }: { order: Order; token: string; onReleased: () => void }) {
  useLang();
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [route, setRoute] = useState<string[]>((order.stations ?? []).map(refId).filter(Boolean));
  const [quantity, setQuantity] = useState(String(order.quantity || order.paneCount || 1));
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const closed = order.status === 'completed' || order.status === 'cancelled';
  const byId = new Map((stations.data ?? []).map((s) => [s._id, s]));

  const move = (index: number, by: number) =>
    setRoute((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      if (item !== undefined) next.splice(index + by, 0, item);
      return next;
    });

  const release = async () => {
    const count = Number(quantity);
    if (route.length === 0) return setError(to('releaseNeedStation'));
    if (route.length > MAX_STATIONS) return setError(to('releaseTooMany'));
    if (!Number.isInteger(count) || count < 1 || count > 1000) return setError(to('quantityRange'));
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const result = await post<{ order: Order; panes: unknown[] }>(
        `/orders/${order._id}/release`,
        { stations: route, quantity: count },
        token,
      );
      setDone(to('releaseDone', { n: result?.panes?.length ?? count, station: byId.get(route[0] ?? '')?.name ?? '' }));
      onReleased();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
    return undefined;
  };

  return (
    <section class="card s-release" data-testid="release-panel">
      <h2>{to('releaseTitle')}</h2>
      {closed ? (
        <p class="note">{to('releaseClosed')}</p>
      ) : (
        <>
          <p class="note">{to('releaseHelp')}</p>
          <LoadError loaded={stations} />
          <div class="s-release-grid">
            <div>
              <h3>{to('releaseAvailable')}</h3>
              <div class="s-station-picks">
                {(stations.data ?? []).map((station) => {
                  const at = route.indexOf(station._id);
                  return (
                    <button
                      key={station._id}
                      type="button"
                      class={`btn s-station-pick ${at >= 0 ? 's-chosen' : ''}`}
                      aria-pressed={at >= 0}
                      data-testid={`release-add-${station._id}`}
                      onClick={() =>
                        setRoute((current) =>
                          current.includes(station._id) ? current.filter((s) => s !== station._id) : [...current, station._id],
                        )
                      }
                    >
                      <span class="s-swatch" style={{ background: colorHex(station.colorId) }} aria-hidden="true" />
                      {station.name}
                      {at >= 0 && <span class="s-pick-step"> #{at + 1}</span>}
                    </button>
                  );
                })}
              </div>
            </div>
            <div>
              <h3>{to('releaseRoute', { n: route.length })}</h3>
              {route.length === 0 && <p class="muted">{to('releaseRouteEmpty')}</p>}
              <ol class="s-route" data-testid="release-route">
                {route.map((id, index) => (
                  <li key={id} class="s-route-step" data-station={id}>
                    <span class="s-route-name">
                      {index + 1}. {byId.get(id)?.name ?? id}
                    </span>
                    <button class="btn" type="button" aria-label={to('moveUp')} disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑
                    </button>
                    <button
                      class="btn"
                      type="button"
                      aria-label={to('moveDown')}
                      disabled={index === route.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      class="btn btn-danger-outline"
                      type="button"
                      aria-label={to('remove')}
                      data-testid={`release-remove-${id}`}
                      onClick={() => setRoute((current) => current.filter((s) => s !== id))}
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          </div>
          <div class="s-release-go">
            <label>
              {to('releaseQuantity')}
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                step={1}
                data-testid="release-quantity"
                value={quantity}
                onInput={(e) => setQuantity(e.currentTarget.value)}
              />
            </label>
            <button class="btn btn-primary btn-big" type="button" disabled={busy} data-testid="release-submit" onClick={release}>
              {to('releaseButton')}
            </button>
          </div>
          <FormError error={error} />
          {done && (
            <p class="s-ok-note" role="status" data-testid="release-done">
              ✓ {done}
            </p>
          )}
        </>
      )}
    </section>
  );
}
