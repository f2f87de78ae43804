// The counters always on a station screen (station-floor.md §5.2 #6).
import { t, useLang, formatAge } from '../../lib/i18n';
import type { StationQueue } from '../../lib/types';

export function Counts({ counts }: { counts: StationQueue['counts'] }) {
  useLang();
  const tiles: [string, string, number | string, string][] = [
    ['count-incoming', t('countIncoming'), counts.incoming, ''],
    ['count-in-progress', t('countInProgress'), counts.inProgress, ''],
    ['count-awaiting', t('countAwaiting'), counts.awaitingScanOut, ''],
    ['count-done', t('countDone'), counts.doneThisShift, 'count-done'],
    ['count-urgent', t('countUrgent'), counts.urgent, counts.urgent > 0 ? 'count-urgent' : ''],
    ['count-oldest', t('oldestWaiting'), counts.oldestWaitingSince ? formatAge(counts.oldestWaitingSince) : '—', ''],
  ];
  return (
    <section class="counts" aria-label="counts">
      {tiles.map(([id, label, value, extra]) => (
        <div key={id} class={`count ${extra}`} data-testid={id} data-value={String(value)}>
          <span class="count-value">{value}</span>
          <span class="count-label">{label}</span>
        </div>
      ))}
    </section>
  );
}
