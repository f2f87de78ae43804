// The who-bar: which worker this phone scans as, and the way out. A phone is a person, so the
// name is always on screen.
import { useEffect, useState } from 'preact/hooks';
import { post } from '../../lib/api';
import { t } from '../../lib/i18n';
import { person$, type Person } from '../../lib/session';
import { p } from './strings';

export function Who({ person, pending }: { person: Person; pending: number }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return undefined;
    const timer = setTimeout(() => setArmed(false), 5000);
    return () => clearTimeout(timer);
  }, [armed]);
  const logout = () => {
    // Scans still waiting are sent with whoever logs in next: say so before leaving.
    if (pending > 0 && !armed) {
      setArmed(true);
      return;
    }
    const token = person$.get()?.token;
    person$.set(null);
    if (token) post('/auth/logout', {}, token).catch(() => {});
  };
  return (
    <div class="who card" data-testid="who">
      <span class="who-name">{p('loggedInAs', { name: person.name || person.username })}</span>
      <button type="button" class={`btn ${armed ? 'btn-bad' : ''}`} data-testid="logout-button" onClick={logout}>
        {armed ? p('logoutPending', { n: pending }) : t('logout')}
      </button>
    </div>
  );
}
