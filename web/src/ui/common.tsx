// Pieces every floor screen shares: the top bar with connection and outbox state, the language
// switch, the full-screen scan confirmation and the login form.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, post } from '../lib/api';
import { t, toggleLang, useLang, formatTime } from '../lib/i18n';
import type { Outcome } from '../lib/floor';
import type { Connection } from '../lib/socket';
import type { Person } from '../lib/session';

export function LangToggle() {
  useLang();
  return (
    <button type="button" class="btn btn-ghost lang" data-testid="lang-toggle" onClick={toggleLang}>
      {t('language')}
    </button>
  );
}

export function ConnectionBadge({ status }: { status: Connection }) {
  useLang();
  const label = status === 'online' ? t('online') : status === 'offline' ? t('offline') : t('connecting');
  return (
    <span class={`badge conn conn-${status}`} data-testid="connection" data-status={status} role="status">
      <span class="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function OutboxBadge({ pending }: { pending: number }) {
  useLang();
  return (
    <span class={`badge outbox ${pending > 0 ? 'outbox-waiting' : ''}`} data-testid="outbox" data-pending={pending}>
      {pending > 0 ? t('waitingToSend', { n: pending }) : t('allSent')}
    </span>
  );
}

export function Clock() {
  const [now, setNow] = useState(new Date());
  useLang();
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return <span class="clock">{formatTime(now)}</span>;
}

export function TopBar({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <header class="topbar">
      <h1 class="topbar-title">{title}</h1>
      <div class="topbar-side">
        {children}
        <LangToggle />
      </div>
    </header>
  );
}

/** The full-screen green / red / amber answer to a scan, with the pane number in large type. */
export function ScanOverlay({ outcome, onClose, children }: { outcome: Outcome; onClose: () => void; children?: ComponentChildren }) {
  useEffect(() => {
    if (children) return undefined;
    const timer = setTimeout(onClose, outcome.tone === 'refused' ? 4000 : 2200);
    return () => clearTimeout(timer);
  }, [outcome, children]);
  return (
    <div
      class={`overlay overlay-${outcome.tone}`}
      data-testid="scan-result"
      data-tone={outcome.tone}
      role="alert"
      onClick={children ? undefined : onClose}
    >
      <div class="overlay-icon" aria-hidden="true">
        {outcome.tone === 'ok' ? '✓' : outcome.tone === 'queued' ? '⏳' : '✕'}
      </div>
      <div class="overlay-pane" data-testid="scan-result-pane">{outcome.paneNumber}</div>
      <div class="overlay-title" data-testid="scan-result-title">{outcome.title}</div>
      {outcome.detail && <div class="overlay-detail">{outcome.detail}</div>}
      {outcome.source && (
        <div class="overlay-detail" data-testid="scan-result-source">
          {outcome.source}
        </div>
      )}
      {children && <div class="overlay-actions">{children}</div>}
    </div>
  );
}

export function LoginForm({ onLoggedIn, note }: { onLoggedIn: (token: string, person: Person) => void; note?: string }) {
  useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const data = await post<{ token: string; worker: Person }>('/auth/login', { username, password });
      onLoggedIn(data.token, data.worker);
    } catch (failure) {
      setError(failure instanceof ApiError && !failure.offline ? failure.message : t('offline'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form login" onSubmit={submit} data-testid="login-form">
      {note && <p class="note">{note}</p>}
      <label>
        {t('username')}
        <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} required />
      </label>
      <label>
        {t('password')}
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </label>
      {error && <p class="error" role="alert">{t('loginFailed')}: {error}</p>}
      <button class="btn btn-primary btn-big" type="submit" disabled={busy}>
        {t('login')}
      </button>
    </form>
  );
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  useLang();
  const message = error instanceof ApiError ? (error.offline ? t('offline') : error.message) : String(error);
  return (
    <div class="card error-card" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button class="btn" type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
