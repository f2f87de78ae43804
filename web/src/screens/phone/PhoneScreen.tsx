// The phone as a mobile terminal bound to one station (station-floor.md §5.2 #3, #9). A phone
// is a person: it logs in with the worker's own account and stays on the page it was opened at
// (upstream jumped to a login page and never came back). The station's check-in QR opens
// /stations/<id>/checkin in the phone's camera app; that checks the logged-in worker in
// (the box takes the name from the token: no free-text name, nobody can check in as someone
// else) and then the phone scans for that station: a photo (works on plain HTTP), the live
// camera (HTTPS only), or typing. Every scan does the next logical action for the pane here.
// This file composes the screen; the check-in, the socket and the scan flow are hooks beside it.
import './phone.css';
import { useEffect } from 'preact/hooks';
import { whenUnauthorized } from '../../lib/api';
import { stationKind } from '../../lib/floor';
import { t, useLang } from '../../lib/i18n';
import { navigate, useLocation } from '../../lib/router';
import { person$, type Person } from '../../lib/session';
import { useStore } from '../../lib/store';
import { ConnectionBadge, ErrorNote, LoginForm, OutboxBadge, TopBar } from '../../ui/common';
import { Icon } from '../../ui/icons';
import { CheckinCard } from './CheckinCard';
import { LiveCamera } from './LiveCamera';
import { phoneOutbox } from './phoneOutbox';
import { liveCameraPossible } from './qrimage';
import { ScanAnswer } from './ScanAnswer';
import { StationPicker } from './StationPicker';
import { p } from './strings';
import { useCheckin } from './useCheckin';
import { usePhoneScanner } from './usePhoneScanner';
import { useStation } from './useStation';
import { useStationSocket } from './useStationSocket';
import { Who } from './Who';

export default function PhoneScreen({ stationId }: { stationId?: string }) {
  useLang();
  const session = useStore(person$);
  const { path } = useLocation();
  const checkinRoute = /^\/stations\//i.test(path);
  useEffect(() => {
    // A refused login token (expired, worker deleted) is forgotten; the login form then shows
    // on this same page, and the worker carries on where they were.
    whenUnauthorized((token) => {
      if (person$.get()?.token === token) person$.set(null);
    });
  }, []);

  if (!session) {
    return (
      <div class="page phone">
        <TopBar title={t('homePhone')} />
        <main class="phone-main">
          <LoginForm note={p('loginNote')} onLoggedIn={(token, person) => person$.set({ token, person })} />
        </main>
      </div>
    );
  }
  if (!stationId) return <StationPicker token={session.token} person={session.person} />;
  return (
    <StationPhone
      key={`${stationId}|${session.token}`}
      stationId={stationId}
      token={session.token}
      person={session.person}
      checkinRoute={checkinRoute}
    />
  );
}

interface StationProps {
  stationId: string;
  token: string;
  person: Person;
  checkinRoute: boolean;
}

function StationPhone({ stationId, token, person, checkinRoute }: StationProps) {
  const pending = useStore(phoneOutbox().pending$);
  const { station, stationError, names } = useStation(stationId, token);
  const { socket, connection, toast, clearToast } = useStationSocket(stationId, token);
  const { checkin, checkIn } = useCheckin({ stationId, personId: person._id, checkinRoute, socket, connection });
  const scanner = usePhoneScanner({ stationId, token, kind: stationKind(station), names });
  const { shown, last, note, busy, done, manual } = scanner;
  const stationName = station?.name ?? '';

  return (
    <div class="page phone">
      <TopBar title={stationName ? t('phoneTitle', { station: stationName }) : t('homePhone')}>
        <ConnectionBadge status={connection} />
        <OutboxBadge pending={pending} />
      </TopBar>
      <main class="phone-main">
        <Who person={person} pending={pending} />
        {stationError ? <ErrorNote error={stationError} /> : null}

        <CheckinCard checkin={checkin} station={stationName || stationId} onCheckIn={checkIn} />

        <p class="session-count" data-testid="session-count" data-count={done.length}>
          {t('phoneDoneCount', { n: done.length })}
        </p>

        {busy && (
          <p class="phone-note phone-note-info" role="status" data-testid="phone-busy">
            {busy}
          </p>
        )}
        {note && (
          <p class={`phone-note phone-note-${note.tone}`} role="alert" data-testid="phone-message">
            {note.text}
          </p>
        )}
        {last && (
          <p class={`phone-last phone-last-${last.tone}`} data-testid="last-result" data-tone={last.tone}>
            <strong>{p('lastResult')}:</strong> {last.paneNumber} — {last.title}
            {last.detail ? ` (${last.detail})` : ''}
          </p>
        )}

        <section class="scan-ways">
          <label class={`btn btn-big btn-primary btn-block photo-button ${busy ? 'is-busy' : ''}`} data-testid="photo-button">
            <Icon name="camera" /> {t('phoneTakePhoto')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              class="visually-hidden"
              data-testid="photo-input"
              disabled={!!busy}
              onChange={scanner.onPhoto}
            />
          </label>

          {liveCameraPossible() ? (
            scanner.camera ? (
              <LiveCamera
                token={token}
                paused={!!shown?.ask || !!busy}
                onCode={(code) => void scanner.handleText(code)}
                onStop={() => scanner.setCamera(false)}
                onError={scanner.cameraFailed}
              />
            ) : (
              <button type="button" class="btn btn-big btn-block" data-testid="camera-start" onClick={() => scanner.setCamera(true)}>
                <Icon name="video" /> {t('phoneLiveCamera')}
              </button>
            )
          ) : (
            <p class="muted" data-testid="camera-unavailable">
              {p('cameraHttpOnly')}{' '}
              <a href="/connect">{p('cameraSetUp')}</a>
            </p>
          )}

          <form class="manual-form" onSubmit={scanner.onManual}>
            <label class="visually-hidden" for="phone-manual">{t('phoneManual')}</label>
            <input
              id="phone-manual"
              data-testid="manual-input"
              placeholder={t('phoneManual')}
              autocapitalize="characters"
              autocomplete="off"
              spellcheck={false}
              enterkeyhint="send"
              value={manual}
              onInput={(e) => scanner.setManual(e.currentTarget.value)}
            />
            <button type="submit" class="btn btn-primary" data-testid="manual-send" disabled={!manual.trim()}>
              {t('phoneSend')}
            </button>
          </form>
        </section>

        <button type="button" class="btn btn-ghost btn-block" data-testid="change-station" onClick={() => navigate('/phone')}>
          {p('changeStation')}
        </button>
      </main>
      {toast && (
        <div class="toasts">
          <div class="toast toast-ok" role="status" data-testid="toast" onClick={clearToast}>
            {toast}
          </div>
        </div>
      )}
      {shown && <ScanAnswer shown={shown} onClose={scanner.dismiss} onPull={scanner.pullHere} onMerge={scanner.mergeKeeping} />}
    </div>
  );
}
