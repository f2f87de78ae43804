// Client-side routes: the box serves index.html for every app path, so a kiosk can be pointed
// straight at /station/<id> and a phone at the check-in URL printed in a QR code.
import { store, useStore } from './store';

export const location$ = store(window.location.pathname + window.location.search);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location$.set(to);
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location$.set(window.location.pathname + window.location.search);
});

export function useLocation(): { path: string; query: URLSearchParams } {
  const full = useStore(location$);
  const [path, search = ''] = full.split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

/** Matches `/station/:id` style patterns; returns the decoded params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const value = got[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part.toLowerCase() !== value.toLowerCase()) return null;
  }
  return params;
}
