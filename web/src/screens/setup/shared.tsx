// Small pieces every setup section uses: loading a list, showing the box's refusal (with the
// fields a 400 names), a two-step delete, paging.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, del, get } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { ts } from './strings';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing yet) and again whenever `reload` is called or `path` changes. */
export function useLoad<T>(path: string | null, token: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return undefined;
    let live = true;
    setLoading(true);
    get<T>(path, token)
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((failure) => live && setError(failure))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, token, version]);
  return { data, error, loading, reload: () => setVersion((v) => v + 1) };
}

/** The box's message, with the fields a validation error names. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.offline) return t('offline');
    const fields = Array.isArray(error.detail)
      ? (error.detail as { field?: string; message?: string }[])
          .map((e) => [e.field, e.message].filter(Boolean).join(': '))
          .filter(Boolean)
      : [];
    const base = error.status === 403 ? `${ts('forbidden')} — ${error.message}` : error.message;
    return fields.length ? `${base} (${fields.join('; ')})` : base;
  }
  return error instanceof Error ? error.message : String(error);
}

export function FormError({ error }: { error: unknown }) {
  useLang();
  if (!error) return null;
  return (
    <p class="error" role="alert" data-testid="setup-error">
      {typeof error === 'string' ? error : errorText(error)}
    </p>
  );
}

export function LoadError({ loaded }: { loaded: Loaded<unknown> }) {
  useLang();
  if (!loaded.error) return null;
  return (
    <div class="card error-card" role="alert" data-testid="setup-load-error">
      <p>{errorText(loaded.error)}</p>
      <button class="btn" type="button" onClick={loaded.reload}>
        {t('retry')}
      </button>
    </div>
  );
}

/** Delete (or revoke) in two taps: the first asks, the second does it. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  testid,
}: {
  label: string;
  question: string;
  onConfirm: () => Promise<void> | void;
  testid?: string;
}) {
  useLang();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button class="btn btn-danger-outline" type="button" data-testid={testid} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="s-confirm" role="group">
      <span class="s-confirm-question">{question}</span>
      <button
        class="btn btn-bad"
        type="button"
        disabled={busy}
        data-testid={testid && `${testid}-confirm`}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {t('confirm')}
      </button>
      <button class="btn" type="button" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}

/** Deletes `path` after a confirmation; a refusal goes to `onError`, and the list reloads either way. */
export function DeleteButton({
  path,
  token,
  onError,
  onDone,
  ...confirm
}: {
  path: string;
  token: string;
  onError: (error: unknown) => void;
  onDone: () => void;
  label: string;
  question: string;
  testid: string;
}) {
  return (
    <ConfirmButton
      {...confirm}
      onConfirm={async () => {
        onError(null);
        try {
          await del(path, token);
        } catch (failure) {
          onError(failure);
        }
        onDone();
      }}
    />
  );
}

/** Previous / next for a paged list; `full` says the page came back full (there may be more). */
export function Pager({ page, full, onPage }: { page: number; full: boolean; onPage: (page: number) => void }) {
  useLang();
  if (page === 1 && !full) return null;
  return (
    <div class="btn-row s-pager">
      <button class="btn" type="button" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid="pager-prev">
        ‹ {ts('prevPage')}
      </button>
      <span class="s-pager-page">{ts('page', { n: page })}</span>
      <button class="btn" type="button" disabled={!full} onClick={() => onPage(page + 1)} data-testid="pager-next">
        {ts('nextPage')} ›
      </button>
    </div>
  );
}

/** A station reference as the API gives it: an id, or `{_id, name}`. */
export function refId(ref: unknown): string {
  if (ref && typeof ref === 'object' && '_id' in ref) return String((ref as { _id: string })._id);
  return typeof ref === 'string' ? ref : '';
}

export function refName(ref: unknown, names?: Map<string, string>): string {
  if (ref && typeof ref === 'object' && 'name' in ref) return String((ref as { name: string }).name);
  if (typeof ref === 'string') return names?.get(ref) ?? ref;
  return '—';
}
