// The station screen: header (station, clock, connection, outbox), the counts, one big scan
// field that always has the focus, the queue grouped by order, the laminate board, the
// check-in QR, and the full-screen answer to every scan.
import { useEffect, useState } from 'preact/hooks';
import { t, useLang, formatAge, formatTime } from '../../lib/i18n';
import { phoneBase, useBoxUrls } from '../../lib/boxurls';
import { checkinUrl, qrImageUrl } from '../../lib/qrtext';
import type { DeviceInfo } from '../../lib/session';
import { Clock, ConnectionBadge, ErrorNote, OutboxBadge, ScanOverlay, TopBar } from '../../ui/common';
import { Counts } from './Counts';
import { LaminateBoard } from './LaminateBoard';
import { QcPanel } from './QcPanel';
import { QueueList } from './QueueList';
import { ScanField } from './ScanField';
import { k } from './strings';
import { useKiosk } from './useKiosk';

export function Kiosk({ stationId, token, device }: { stationId: string; token: string; device: DeviceInfo }) {
  useLang();
  const kiosk = useKiosk(stationId, token);
  const [, tick] = useState(0);
  useEffect(() => {
    // "Oldest waiting" ages with the clock, not with the data.
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const name = kiosk.station?.name ?? device.station?.name ?? '';
  const pending = kiosk.pending;
  // The check-in QR carries the box's IP address over HTTPS: this kiosk may be at
  // stdplus.local, which Android phones often cannot open, and phones need HTTPS for the camera.
  const urls = useBoxUrls();
  const checkin = checkinUrl(stationId, phoneBase(urls));
  const [connecting, setConnecting] = useState(false);

  return (
    <div class="page kiosk" data-testid="kiosk" data-station={stationId}>
      <TopBar title={<span data-testid="station-name">{name}</span>}>
        <Clock />
        <ConnectionBadge status={kiosk.status} />
        <OutboxBadge pending={kiosk.pendingCount} />
        <FullscreenButton />
      </TopBar>
      {kiosk.queue && <Counts counts={kiosk.queue.counts} />}
      <div class="kiosk-body">
        <main class="kiosk-main">
          <ScanField onScan={kiosk.scan} />
          {pending?.kind === 'merge' && (
            <section class="card guide" data-testid="merge-guide">
              <h2>{k('chooseSurvivor', { parent: pending.group.parent.paneNumber })}</h2>
              <div class="btn-row">
                {pending.group.sheets.map((sheet) => (
                  <button
                    key={sheet._id}
                    type="button"
                    class="btn btn-primary btn-big"
                    data-testid={`keep-${sheet.paneNumber}`}
                    onClick={() => kiosk.merge(pending.group, sheet.paneNumber)}
                  >
                    {t('keepSticker', { pane: sheet.paneNumber })}
                  </button>
                ))}
                <button type="button" class="btn btn-big" onClick={() => kiosk.setPending(null)}>
                  {t('cancel')}
                </button>
              </div>
            </section>
          )}
          {kiosk.loadError != null && !kiosk.queue && <ErrorNote error={kiosk.loadError} onRetry={kiosk.refetch} />}
          {!kiosk.queue && kiosk.loadError == null && <p class="muted">{t('loading')}</p>}
          {kiosk.queue && kiosk.kind === 'laminate' && (
            <LaminateBoard groups={kiosk.queue.laminateGroups} onMerge={(group) => kiosk.setPending({ kind: 'merge', group })} />
          )}
          {kiosk.queue && <QueueList queue={kiosk.queue} kind={kiosk.kind} onAct={kiosk.act} onQcFail={(pane) => kiosk.setPending({ kind: 'qc', paneNumber: pane })} />}
        </main>
        <aside class="kiosk-side">
          <section class="card checkin" data-testid="checkin">
            <h2>{t('checkinTitle')}</h2>
            <img class="checkin-qr" data-testid="checkin-qr" src={qrImageUrl(checkin, 'H')} alt={checkin} />
            <p class="muted small">{t('checkinHelp')}</p>
            {urls?.ca && (
              <button type="button" class="btn" data-testid="connect-phone" onClick={() => setConnecting(true)}>
                {k('connectPhone')}
              </button>
            )}
            <p data-testid="last-checkin">
              {kiosk.checkin ? k('lastCheckin', { name: kiosk.checkin.worker, time: kiosk.checkin.time }) : k('noCheckin')}
            </p>
          </section>
          <section class="card recent" data-testid="recent">
            <h2>{k('recent')}</h2>
            {kiosk.recent.length === 0 && <p class="muted">{k('recentEmpty')}</p>}
            <ul>
              {kiosk.recent.map((entry) => (
                <li key={entry.key} class={`recent-${entry.state}`} data-testid="recent-scan" data-state={entry.state}>
                  <strong>{entry.paneNumber}</strong> <span>{entry.state === 'waiting' ? k('waiting') : entry.message}</span>{' '}
                  {entry.source && <span class="muted">{entry.source} </span>}
                  <span class="muted">{formatTime(new Date(entry.at))}</span>
                </li>
              ))}
            </ul>
          </section>
          {kiosk.queue?.counts.oldestWaitingSince && (
            <p class="muted">
              {t('oldestWaiting')}: {formatAge(kiosk.queue.counts.oldestWaitingSince)}
            </p>
          )}
        </aside>
      </div>
      {pending?.kind === 'qc' && (
        <QcPanel
          paneNumber={pending.paneNumber}
          onPass={() => kiosk.send(pending.paneNumber, 'qc_pass')}
          onFail={(reason, notes) => kiosk.send(pending.paneNumber, 'qc_fail', { reason, description: notes })}
          onCancel={() => kiosk.setPending(null)}
        />
      )}
      {pending?.kind === 'elsewhere' && (
        <ScanOverlay outcome={pending.outcome} onClose={() => kiosk.setPending(null)}>
          <button type="button" class="btn btn-big" data-testid="pull-here" onClick={() => kiosk.send(pending.paneNumber, 'scan_in', { force: true })}>
            {t('pullHere')}
          </button>
          <button type="button" class="btn btn-big" onClick={() => kiosk.setPending(null)}>
            {t('cancel')}
          </button>
        </ScanOverlay>
      )}
      {kiosk.outcome && <ScanOverlay outcome={kiosk.outcome} onClose={kiosk.clearOutcome} />}
      {connecting && urls && (
        <div class="connect-overlay" role="dialog" aria-modal="true" data-testid="connect-overlay">
          <div class="card connect-card">
            <h2>{k('connectPhone')}</h2>
            <img class="connect-qr" src={qrImageUrl(urls.setupUrl, 'M')} alt={urls.setupUrl} data-testid="connect-qr" />
            <p class="connect-url">{urls.setupUrl}</p>
            <p>{k('connectPhoneHelp')}</p>
            <button type="button" class="btn btn-big btn-primary" data-testid="connect-close" onClick={() => setConnecting(false)}>
              {t('close')}
            </button>
          </div>
        </div>
      )}
      <div class="toasts" data-testid="alerts">
        {kiosk.toasts.map((item) => (
          <div key={item.id} class={`toast toast-${item.tone}`} data-testid="alert">
            {item.text}
          </div>
        ))}
      </div>
    </div>
  );
}

function FullscreenButton() {
  useLang();
  const enter = async () => {
    try {
      await document.documentElement.requestFullscreen();
      // Keep a kiosk's screen on (secure contexts only; harmless elsewhere).
      await (navigator as Navigator & { wakeLock?: { request(kind: 'screen'): Promise<unknown> } }).wakeLock?.request('screen');
    } catch {
      // Not allowed here: the button simply does nothing.
    }
  };
  return (
    <button type="button" class="btn" onClick={enter}>
      {t('fullscreen')}
    </button>
  );
}
