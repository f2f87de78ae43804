// Setup → Workers: list, add (name, username, password, position, role), change a worker's
// role, position or password, delete. The roles come from GET /api/roles.
import { useState } from 'preact/hooks';
import { patch, post } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { RolesSection } from './RolesSection';
import { DeleteButton, FormError, LoadError, Pager, errorText, useLoad } from './shared';
import { tp } from './strings-people';
import { ts } from './strings';
import type { Role, Worker } from './types';

const PAGE_SIZE = 20;
export const ROLES_PATH = '/roles?limit=100';

function roleOf(worker: Worker): Role | null {
  return worker.role && typeof worker.role === 'object' ? worker.role : null;
}

function RoleSelect({ roles, value, onChange }: { roles: Role[]; value: string; onChange: (id: string) => void }) {
  return (
    <select name="role" data-testid="worker-role" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{tp('workerChooseRole')}</option>
      {roles.map((role) => (
        <option key={role._id} value={role._id}>
          {role.name}
        </option>
      ))}
    </select>
  );
}

function WorkerForm({
  worker,
  roles,
  token,
  onDone,
}: {
  worker: Worker | null;
  roles: Role[];
  token: string;
  onDone: () => void;
}) {
  useLang();
  const [name, setName] = useState(worker?.name ?? '');
  const [username, setUsername] = useState(worker?.username ?? '');
  const [password, setPassword] = useState('');
  const [position, setPosition] = useState(worker?.position ?? '');
  const [role, setRole] = useState(worker ? (roleOf(worker)?._id ?? '') : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing = [
      [name.trim(), tp('workerName')],
      [username.trim(), tp('workerUsername')],
      [position.trim(), tp('workerPosition')],
      [role, tp('workerRole')],
    ].find(([value]) => !value);
    if (missing) return setError(ts('required', { field: missing[1] ?? '' }));
    if ((!worker || password) && password.length < 6) return setError(tp('passwordShort'));
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { name: name.trim(), username: username.trim(), position: position.trim(), role };
      if (password) body.password = password;
      if (worker) await patch(`/workers/${worker._id}`, body, token);
      else await post('/workers', body, token);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
    return undefined;
  };

  return (
    <form class="card form s-form-wide" onSubmit={submit} data-testid="worker-form">
      <h3>{worker ? tp('workerEdit', { name: worker.name }) : tp('workerNew')}</h3>
      <div class="s-form-grid">
        <label>
          {tp('workerName')}
          <input name="name" data-testid="worker-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {tp('workerUsername')}
          <input
            name="username"
            autocomplete="off"
            data-testid="worker-username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {worker ? tp('workerNewPassword') : tp('workerPassword')}
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            data-testid="worker-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          {tp('workerPosition')}
          <input name="position" data-testid="worker-position" value={position} onInput={(e) => setPosition(e.currentTarget.value)} />
        </label>
        <label>
          {tp('workerRole')}
          <RoleSelect roles={roles} value={role} onChange={setRole} />
        </label>
      </div>
      <FormError error={error} />
      <div class="btn-row">
        <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="worker-save">
          {worker ? t('save') : ts('add')}
        </button>
        <button class="btn btn-big" type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function WorkersSection({ token }: { token: string }) {
  useLang();
  const [page, setPage] = useState(1);
  const workers = useLoad<Worker[]>(`/workers?limit=${PAGE_SIZE}&page=${page}`, token);
  const roles = useLoad<Role[]>(ROLES_PATH, token);
  const [editing, setEditing] = useState<Worker | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const done = () => {
    setEditing(null);
    workers.reload();
  };

  return (
    <div class="setup-section" data-testid="setup-workers">
      <section class="setup-section">
        <h2>{tp('workersTitle')}</h2>
        {editing ? (
          <WorkerForm
            key={editing === 'new' ? 'new' : editing._id}
            worker={editing === 'new' ? null : editing}
            roles={roles.data ?? []}
            token={token}
            onDone={done}
          />
        ) : (
          <button class="btn btn-primary btn-big" type="button" data-testid="worker-new" onClick={() => setEditing('new')}>
            + {tp('workerNew')}
          </button>
        )}
        <LoadError loaded={workers} />
        <FormError error={error} />
        <ul class="s-rows">
          {(workers.data ?? []).map((worker) => (
            <li key={worker._id} class="card s-row" data-testid={`worker-row-${worker._id}`}>
              <div class="s-row-main">
                <h3 class="s-row-title">{worker.name}</h3>
                <p class="muted">
                  @{worker.username} · {worker.position || '—'} ·{' '}
                  <strong data-testid="worker-role-name">{roleOf(worker)?.name ?? tp('noRole')}</strong>
                </p>
              </div>
              <div class="btn-row">
                <button class="btn" type="button" data-testid="worker-edit" onClick={() => setEditing(worker)}>
                  {ts('edit')}
                </button>
                <DeleteButton
                  label={tp('workerDelete')}
                  question={tp('workerDeleteQ', { name: worker.name })}
                  testid="worker-delete"
                  path={`/workers/${worker._id}`}
                  token={token}
                  onError={setError}
                  onDone={workers.reload}
                />
              </div>
            </li>
          ))}
        </ul>
        <Pager page={page} full={(workers.data?.length ?? 0) >= PAGE_SIZE} onPage={setPage} />
      </section>
      <RolesSection token={token} roles={roles} />
    </div>
  );
}
