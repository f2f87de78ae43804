// Setup → an order: what it is, route and release, its panes, and the way to its stickers (the
// browser's print page, or a label printer).
import { useLang, t } from '../../lib/i18n';
import { statusLabel } from '../../lib/floor';
import { navigate } from '../../lib/router';
import { PrintOnPrinter } from './PrintersSection';
import { ReleasePanel } from './ReleasePanel';
import { LoadError, refName, useLoad } from './shared';
import { orderStatusLabel, to } from './strings-orders';
import type { Order, Pane } from './types';

export function paneSize(pane: Pane): string {
  const d = pane.dimensions;
  if (!d || (!d.width && !d.height)) return '—';
  return `${d.width ?? 0} × ${d.height ?? 0}${d.thickness ? ` × ${d.thickness}` : ''} mm`;
}

function go(event: Event, to: string) {
  event.preventDefault();
  navigate(to);
}

export function OrderDetail({ id, token }: { id: string; token: string }) {
  useLang();
  const order = useLoad<Order>(`/orders/${encodeURIComponent(id)}`, token);
  const panes = useLoad<Pane[]>(`/panes?order=${encodeURIComponent(id)}&limit=1000&sort=createdAt`, token);
  const o = order.data;
  const reload = () => {
    order.reload();
    panes.reload();
  };

  return (
    <section class="setup-section" data-testid="order-detail">
      <a class="btn" href="/setup/orders" onClick={(e) => go(e, '/setup/orders')} data-testid="order-back">
        {to('backToOrders')}
      </a>
      <LoadError loaded={order} />
      {o && (
        <>
          <div class="card">
            <h2 class="s-row-title">
              {o.orderNumber ?? o._id}
              <span class={`s-tag prio-tag-${o.priority ?? 0}`}>P{o.priority ?? 0}</span>
              <span class="s-tag" data-testid="order-status">{orderStatusLabel(o.status)}</span>
            </h2>
            <dl class="s-facts">
              <dt>{to('orderCustomer')}</dt>
              <dd>{refName(o.customer)}</dd>
              <dt>{to('orderMaterial')}</dt>
              <dd>{refName(o.material)}</dd>
              <dt>{to('orderQuantity')}</dt>
              <dd>{o.quantity ?? 0}</dd>
              <dt>{to('orderStatus')}</dt>
              <dd>{to('orderProgress', { done: o.panesCompleted ?? 0, total: o.paneCount ?? 0 })}</dd>
              {o.notes && (
                <>
                  <dt>{to('orderNotes')}</dt>
                  <dd>{o.notes}</dd>
                </>
              )}
            </dl>
            <div class="btn-row">
              <a
                class="btn btn-big"
                href={`/setup/print/${o._id}`}
                data-testid="order-print"
                onClick={(e) => go(e, `/setup/print/${o._id}`)}
              >
                {to('printStickers')}
              </a>
            </div>
          </div>
          <ReleasePanel key={o._id} order={o} token={token} onReleased={reload} />
          <PrintOnPrinter orderId={o._id} token={token} />
        </>
      )}
      <LoadError loaded={panes} />
      {panes.data && (
        <div class="card">
          <h2>{to('panesTitle', { n: panes.data.length })}</h2>
          {panes.data.length === 0 ? (
            <p class="muted">{to('panesNone')}</p>
          ) : (
            <div class="s-table-wrap">
              <table class="s-table" data-testid="order-panes">
                <thead>
                  <tr>
                    <th>{to('paneNumber')}</th>
                    <th>{to('paneStatus')}</th>
                    <th>{to('paneStation')}</th>
                    <th>{to('paneSize')}</th>
                    <th>{to('paneGlass')}</th>
                  </tr>
                </thead>
                <tbody>
                  {panes.data.map((pane) => {
                    const label = statusLabel[pane.currentStatus];
                    return (
                      <tr key={pane._id} data-testid="order-pane" data-pane={pane.paneNumber}>
                        <td>
                          <strong>{pane.paneNumber}</strong>
                          {pane.laminateRole === 'parent' && <span class="s-tag">{to('laminateParent')}</span>}
                          {pane.laminateRole === 'sheet' && <span class="s-tag">{to('laminateSheet')}</span>}
                        </td>
                        <td>{label ? t(label) : pane.currentStatus}</td>
                        <td>{pane.currentStation ? refName(pane.currentStation) : '—'}</td>
                        <td>{paneSize(pane)}</td>
                        <td>{pane.glassTypeLabel || pane.glassType || '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
