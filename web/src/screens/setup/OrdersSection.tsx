// Setup → Orders: the newest orders first, a page at a time, and a new-order form. Opening an
// order leads to its panes, route-and-release and sticker printing.
import { useState } from 'preact/hooks';
import { formatDateTime, useLang } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { OrderForm } from './OrderForm';
import { LoadError, Pager, refName, useLoad } from './shared';
import { orderStatusLabel, to } from './strings-orders';
import type { Order } from './types';

const PAGE_SIZE = 20;

export function OrdersSection({ token }: { token: string }) {
  useLang();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const orders = useLoad<Order[]>(`/orders?limit=${PAGE_SIZE}&page=${page}&sort=-createdAt`, token);

  return (
    <section class="setup-section" data-testid="setup-orders">
      {creating ? (
        <OrderForm
          token={token}
          onCancel={() => setCreating(false)}
          onCreated={(order) => {
            setCreating(false);
            orders.reload();
            navigate(`/setup/orders/${order._id}`);
          }}
        />
      ) : (
        <button class="btn btn-primary btn-big" type="button" data-testid="order-new" onClick={() => setCreating(true)}>
          + {to('orderNew')}
        </button>
      )}
      <LoadError loaded={orders} />
      <ul class="s-rows">
        {(orders.data ?? []).map((order) => (
          <li key={order._id} class="card s-row" data-testid={`order-row-${order._id}`}>
            <div class="s-row-main">
              <h3 class="s-row-title">
                {order.orderNumber ?? order._id}
                <span class={`s-tag prio-tag-${order.priority ?? 0}`}>P{order.priority ?? 0}</span>
                <span class="s-tag">{orderStatusLabel(order.status)}</span>
              </h3>
              <p class="muted">
                {refName(order.customer)} · {refName(order.material)} · {order.quantity ?? 0} ·{' '}
                {to('orderProgress', { done: order.panesCompleted ?? 0, total: order.paneCount ?? 0 })}
                {order.createdAt && ` · ${formatDateTime(order.createdAt)}`}
              </p>
            </div>
            <a
              class="btn"
              href={`/setup/orders/${order._id}`}
              data-testid="order-open"
              onClick={(event) => {
                event.preventDefault();
                navigate(`/setup/orders/${order._id}`);
              }}
            >
              {to('orderOpen')} ›
            </a>
          </li>
        ))}
      </ul>
      <Pager page={page} full={(orders.data?.length ?? 0) >= PAGE_SIZE} onPage={setPage} />
    </section>
  );
}
