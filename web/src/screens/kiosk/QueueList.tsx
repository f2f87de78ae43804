// The station's queue grouped by order: urgent orders first, each with its priority, deadline
// and panes; every pane has its next action as a big button (the touch twin of scanning it).
import { useState } from 'preact/hooks';
import { actionLabel, nextAction, statusLabel, type ScanAction, type StationKind } from '../../lib/floor';
import { t, useLang, formatDate } from '../../lib/i18n';
import type { PaneBrief, QueueOrder, StationQueue } from '../../lib/types';
import { k } from './strings';

const SHOWN = 6;

interface Props {
  queue: StationQueue;
  kind: StationKind;
  onAct: (paneNumber: string, action: ScanAction) => void;
  onQcFail: (paneNumber: string) => void;
}

export function QueueList({ queue, kind, onAct, onQcFail }: Props) {
  useLang();
  const urgent = queue.orders.filter((o) => o.urgency === 'critical');
  const rest = queue.orders.filter((o) => o.urgency !== 'critical');
  if (queue.orders.length === 0) return <p class="card empty" data-testid="queue-empty">{t('queueEmpty')}</p>;
  const shown = queue.orders.reduce((sum, o) => sum + o.panes.length, 0);
  return (
    <section class="queue" data-testid="queue">
      {queue.capped && <p class="card warn">{t('moreCapped', { shown, total: queue.total })}</p>}
      {urgent.length > 0 && <h2 class="queue-heading urgent-heading">{t('urgentJobs')}</h2>}
      {urgent.map((group) => (
        <OrderCard key={group.order._id} group={group} kind={kind} onAct={onAct} onQcFail={onQcFail} />
      ))}
      {rest.length > 0 && <h2 class="queue-heading">{t('nextJobs')}</h2>}
      {rest.map((group) => (
        <OrderCard key={group.order._id} group={group} kind={kind} onAct={onAct} onQcFail={onQcFail} />
      ))}
    </section>
  );
}

function OrderCard({ group, kind, onAct, onQcFail }: { group: QueueOrder } & Omit<Props, 'queue'>) {
  const [open, setOpen] = useState(false);
  const { order, panes, urgency } = group;
  const visible = open ? panes : panes.slice(0, SHOWN);
  return (
    <article class={`card order order-${urgency}`} data-testid="order-card" data-order={order._id}>
      <header class="order-head">
        <strong class="order-number">{order.orderNumber ?? order._id.slice(-6)}</strong>
        {order.customerName && <span>{order.customerName}</span>}
        {urgency === 'critical' && <span class="tag tag-bad">URGENT</span>}
        {urgency === 'warn' && <span class="tag tag-warn">{t('deadline', { date: order.deadline ? formatDate(order.deadline) : '' })}</span>}
        {order.priority != null && <span class="tag">{t('priority', { n: order.priority })}</span>}
        {urgency !== 'warn' && order.deadline && <span class="muted">{t('deadline', { date: formatDate(order.deadline) })}</span>}
        <span class="muted">{t('panesCount', { n: panes.length })}</span>
      </header>
      <ul class="panes">
        {visible.map((pane) => (
          <PaneRow key={pane._id} pane={pane} kind={kind} onAct={onAct} onQcFail={onQcFail} />
        ))}
      </ul>
      {panes.length > SHOWN && (
        <button type="button" class="btn" onClick={() => setOpen(!open)}>
          {open ? k('showLess') : k('showMore', { n: panes.length - SHOWN })}
        </button>
      )}
    </article>
  );
}

function PaneRow({ pane, kind, onAct, onQcFail }: { pane: PaneBrief } & Omit<Props, 'queue'>) {
  const action = nextAction(pane.currentStatus, kind);
  const dims = pane.dimensions;
  const size = dims && dims.width > 0 && dims.height > 0 ? `${dims.width}×${dims.height}${dims.thickness > 0 ? `×${dims.thickness}` : ''} mm` : '';
  const label = statusLabel[pane.currentStatus];
  return (
    <li class={`pane pane-${pane.currentStatus}`} data-testid={`pane-${pane.paneNumber}`} data-status={pane.currentStatus}>
      <span class="pane-number">{pane.paneNumber}</span>
      <span class="pane-status">{label ? t(label) : pane.currentStatus}</span>
      <span class="pane-spec muted">
        {[pane.glassTypeLabel || pane.glassType, size].filter(Boolean).join(' · ')}
        {pane.nextStation && ` → ${pane.nextStation.name}`}
      </span>
      <span class="pane-actions">
        {action && (
          <button type="button" class="btn btn-primary" data-testid={`act-${pane.paneNumber}`} onClick={() => onAct(pane.paneNumber, action)}>
            {t(actionLabel[action])}
          </button>
        )}
        {kind === 'qc' && pane.currentStatus === 'awaiting_scan_out' && (
          <button type="button" class="btn btn-bad" data-testid={`qc-fail-${pane.paneNumber}`} onClick={() => onQcFail(pane.paneNumber)}>
            {t('actionQcFail')}
          </button>
        )}
      </span>
    </li>
  );
}
