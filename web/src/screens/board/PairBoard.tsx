// The board's pairing panel: an admin logs in once, names this screen and pairs it as a board.
// The admin's token lives only in this component's state for that one request: a TV on the
// shop floor keeps the board's own device token and never an admin login.
import { useState } from 'preact/hooks';
import { ApiError, post } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { device$, type DeviceInfo, type Person } from '../../lib/session';
import { useStore } from '../../lib/store';
import { LoginForm, TopBar } from '../../ui/common';
import { tb } from './strings';

export function PairBoard({ unpaired }: { unpaired: boolean }) {
  useLang();
  const current = useStore(device$);
  const [admin, setAdmin] = useState<{ token: string; person: Person } | null>(null);
  const [name, setName] = useState(tb('defaultName'));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const pair = async (event: Event) => {
    event.preventDefault();
    if (!admin) return;
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 80) {
      setError(tb('nameRequired'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const data = await post<{ device: DeviceInfo; token: string }>(
        '/devices',
        { name: trimmed, kind: 'board' },
        admin.token,
      );
      // Forget the admin first, then keep only the board's token.
      setAdmin(null);
      device$.set({ token: data.token, info: { ...data.device, kind: 'board', station: null } });
    } catch (failure) {
      if (failure instanceof ApiError && failure.offline) setError(t('offline'));
      else if (failure instanceof ApiError && failure.status === 401) {
        setAdmin(null);
        setError(failure.message);
      } else if (failure instanceof ApiError && failure.status === 403) setError(`${t('pairNeedsAdmin')} — ${failure.message}`);
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page board">
      <TopBar title={t('boardTitle')} />
      <main class="pair" data-testid="board-pair">
        <h2>{t('pairBoardTitle')}</h2>
        {unpaired && (
          <p class="card error-card" role="alert" data-testid="board-unpaired">
            {t('unpaired')}
          </p>
        )}
        <p class="note">{t('pairHelp')}</p>
        {current && current.info.kind === 'station' && (
          <p class="card warn-card">{tb('pairedAsStation', { name: current.info.station?.name ?? current.info.name })}</p>
        )}
        {!admin ? (
          <LoginForm note={t('pairAsAdmin')} onLoggedIn={(token, person) => setAdmin({ token, person })} />
        ) : (
          <form class="card form" onSubmit={pair} data-testid="board-pair-form">
            <p class="note">{tb('adminLoggedIn', { name: admin.person.name })}</p>
            <label>
              {t('pairScreenName')}
              <input
                name="deviceName"
                data-testid="board-pair-name"
                value={name}
                maxLength={80}
                onInput={(e) => setName(e.currentTarget.value)}
                required
              />
            </label>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            <div class="btn-row">
              <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="board-pair-submit">
                {t('pairButton')}
              </button>
              <button class="btn btn-big" type="button" onClick={() => setAdmin(null)}>
                {t('cancel')}
              </button>
            </div>
          </form>
        )}
      </main>
    </div>
  );
}
