// The board's three blocks: a card per station, finished panes per hour, urgent orders. Sized
// for a 1920×1080 TV read from across the hall; every colour also has a word.
import { t, formatAge, formatDate, formatTime } from '../../lib/i18n';
import type { Board } from '../../lib/types';
import { colorHex } from '../setup/colors';
import { tb } from './strings';

type BoardStation = Board['stations'][number];
type UrgentOrder = Board['urgentOrders'][number];

/** ok up to 30 min, warn above, bad above 2 h (station-floor.md §5.2: colour plus words). */
export function waitLevel(since: string | null, now: number): 'none' | 'ok' | 'warn' | 'bad' {
  if (!since) return 'none';
  const minutes = (now - new Date(since).getTime()) / 60000;
  if (minutes > 120) return 'bad';
  if (minutes > 30) return 'warn';
  return 'ok';
}

function Num({ label, value, testid, tone }: { label: string; value: number; testid: string; tone?: string }) {
  return (
    <div class={`bnum ${tone ?? ''}`}>
      <span class="bnum-value" data-testid={testid}>
        {value}
      </span>
      <span class="bnum-label">{label}</span>
    </div>
  );
}

export function StationCard({ station, now }: { station: BoardStation; now: number }) {
  const level = waitLevel(station.oldestWaitingSince, now);
  const word =
    level === 'bad' ? tb('waitTooLong') : level === 'warn' ? tb('waitLong') : level === 'ok' ? tb('waitOk') : '';
  return (
    <article
      class={`card bcard bcard-${level}`}
      data-testid={`board-station-${station._id}`}
      style={{ borderTopColor: colorHex(station.color ?? station.colorId) }}
    >
      <h3 class="bcard-name">
        <span class="bswatch" style={{ background: colorHex(station.color ?? station.colorId) }} aria-hidden="true" />
        {station.name}
        {station.isLaminateStation && <span class="btag">{tb('laminate')}</span>}
      </h3>
      <div class="bnums">
        <Num label={t('countIncoming')} value={station.incoming} testid="board-incoming" />
        <Num label={t('countInProgress')} value={station.inProgress} testid="board-in-progress" />
        <Num label={t('countAwaiting')} value={station.awaitingScanOut} testid="board-awaiting" />
        <Num label={t('countDone')} value={station.doneThisShift} testid="board-done" tone="bnum-done" />
      </div>
      <p class={`bwait bwait-${level}`} data-testid="board-oldest" data-level={level}>
        {station.oldestWaitingSince ? (
          <>
            {level !== 'ok' && <span aria-hidden="true">⚠ </span>}
            {t('oldestWaiting')}: <strong>{formatAge(station.oldestWaitingSince, now)}</strong> · {word}
          </>
        ) : (
          tb('noneWaiting')
        )}
      </p>
    </article>
  );
}

export function PerHour({ hours }: { hours: Board['finishedPerHour'] }) {
  const max = Math.max(1, ...hours.map((h) => h.count));
  const total = hours.reduce((sum, h) => sum + h.count, 0);
  return (
    <section class="card bchart" data-testid="board-per-hour" data-total={total}>
      <h2>
        {t('boardPerHour')} <span class="muted bchart-total">{tb('hourTotal', { n: total })}</span>
      </h2>
      <div class="bbars">
        {hours.map((h, i) => (
          <div class="bbar-col" key={h.hour} data-testid="board-hour" data-hour={h.hour} data-count={h.count}>
            <span class="bbar-count">{h.count}</span>
            <div class="bbar-track">
              <div class={`bbar ${i === hours.length - 1 ? 'bbar-now' : ''}`} style={{ height: `${(h.count / max) * 100}%` }} />
            </div>
            <span class="bbar-label">{i === hours.length - 1 ? tb('hourNow') : formatTime(h.hour)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

function Deadline({ deadline, now }: { deadline: string | null | undefined; now: number }) {
  if (!deadline) return <span class="muted">{tb('noDeadline')}</span>;
  const overdue = new Date(deadline).getTime() < now;
  return (
    <span class={overdue ? 'overdue' : ''}>
      {formatDate(deadline)}
      {overdue && <strong> · {tb('overdue')}</strong>}
    </span>
  );
}

export function UrgentOrders({ orders, now }: { orders: UrgentOrder[]; now: number }) {
  return (
    <section class="card burgent" data-testid="board-urgent">
      <h2>{t('boardUrgent')}</h2>
      {orders.length === 0 ? (
        <p class="bempty">{t('boardNoUrgent')}</p>
      ) : (
        <table class="btable">
          <thead>
            <tr>
              <th>{tb('colOrder')}</th>
              <th>{tb('colCustomer')}</th>
              <th>{tb('colPriority')}</th>
              <th>{tb('colDeadline')}</th>
              <th>{tb('colProgress')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => {
              const total = order.paneCount ?? 0;
              const done = order.panesCompleted ?? 0;
              return (
                <tr key={order._id} class={`urg-${order.urgency}`} data-testid="board-urgent-order" data-urgency={order.urgency}>
                  <td>
                    <span class={`urg-tag urg-tag-${order.urgency}`}>
                      {order.urgency === 'critical' ? tb('urgencyCritical') : tb('urgencyWarn')}
                    </span>
                    <strong class="border-number">{order.orderNumber ?? '—'}</strong>
                  </td>
                  <td>{order.customerName ?? '—'}</td>
                  <td class="num">P{order.priority ?? 0}</td>
                  <td>
                    <Deadline deadline={order.deadline} now={now} />
                  </td>
                  <td class="num">
                    <span class="bprogress" aria-hidden="true">
                      <span style={{ width: `${total ? Math.min(100, (done / total) * 100) : 0}%` }} />
                    </span>
                    {tb('progress', { done, total })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
