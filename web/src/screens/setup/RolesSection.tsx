// Setup → Workers → Roles: every role with its permissions, and a form to add or edit one with
// the permissions the box lists plus `station:enter:<stationId>` per station, so a worker can be
// allowed to scan at chosen stations only.
import { useState } from 'preact/hooks';
import { patch, post } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { STATIONS_PATH } from './StationsSection';
import { DeleteButton, FormError, LoadError, errorText, useLoad, type Loaded } from './shared';
import { permissionLabel, tp } from './strings-people';
import { ts } from './strings';
import type { Role, Station } from './types';

const ENTER = 'station:enter:';

function Chip({ permission, names }: { permission: string; names: Map<string, string> }) {
  if (permission === '*') return <span class="s-chip s-chip-strong">{tp('roleAll')}</span>;
  if (permission.startsWith(ENTER)) {
    const id = permission.slice(ENTER.length);
    return <span class="s-chip s-chip-station">{tp('roleEnter', { name: names.get(id) ?? id })}</span>;
  }
  return <span class="s-chip">{permissionLabel(permission)}</span>;
}

function Check({ checked, label, onToggle, testid }: { checked: boolean; label: string; onToggle: () => void; testid: string }) {
  return (
    <label class="s-check s-check-tile">
      <input type="checkbox" checked={checked} onChange={onToggle} data-testid={testid} />
      {label}
    </label>
  );
}

function RoleForm({
  role,
  listed,
  stations,
  token,
  onDone,
}: {
  role: Role | null;
  listed: string[];
  stations: Station[];
  token: string;
  onDone: () => void;
}) {
  useLang();
  const [name, setName] = useState(role?.name ?? '');
  const [chosen, setChosen] = useState<Set<string>>(new Set(role?.permissions ?? []));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (permission: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(permission)) next.delete(permission);
      else next.add(permission);
      return next;
    });
  // Permissions the role holds that are neither listed nor a station's: kept and shown, so an
  // edit never drops them silently.
  const stationIds = new Set(stations.map((s) => `${ENTER}${s._id}`));
  const others = [...(role?.permissions ?? [])].filter((p) => !listed.includes(p) && !stationIds.has(p));

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError(ts('required', { field: tp('roleName') }));
    setBusy(true);
    setError(null);
    try {
      const body = { name: trimmed, permissions: [...chosen] };
      if (role) await patch(`/roles/${role._id}`, body, token);
      else await post('/roles', body, token);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
    return undefined;
  };

  return (
    <form class="card form s-form-wide" onSubmit={submit} data-testid="role-form">
      <h3>{role ? tp('roleEdit', { name: role.name }) : tp('roleNew')}</h3>
      <label>
        {tp('roleName')}
        <input name="name" data-testid="role-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset class="checks">
        <legend>{tp('roleStations')}</legend>
        <p class="note">{tp('roleStationsHelp')}</p>
        {stations.map((station) => (
          <Check
            key={station._id}
            checked={chosen.has(`${ENTER}${station._id}`)}
            label={station.name}
            onToggle={() => toggle(`${ENTER}${station._id}`)}
            testid={`role-station-${station._id}`}
          />
        ))}
      </fieldset>
      <fieldset class="checks">
        <legend>{tp('rolePermissions')}</legend>
        {listed.map((permission) => (
          <Check
            key={permission}
            checked={chosen.has(permission)}
            label={permissionLabel(permission)}
            onToggle={() => toggle(permission)}
            testid={`role-perm-${permission}`}
          />
        ))}
      </fieldset>
      {others.length > 0 && (
        <fieldset class="checks">
          <legend>{tp('roleOther')}</legend>
          {others.map((permission) => (
            <Check
              key={permission}
              checked={chosen.has(permission)}
              label={permission}
              onToggle={() => toggle(permission)}
              testid={`role-perm-${permission}`}
            />
          ))}
        </fieldset>
      )}
      <FormError error={error} />
      <div class="btn-row">
        <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="role-save">
          {role ? t('save') : ts('add')}
        </button>
        <button class="btn btn-big" type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function RolesSection({ token, roles }: { token: string; roles: Loaded<Role[]> }) {
  useLang();
  const listed = useLoad<string[]>('/roles/permissions', token);
  const stations = useLoad<Station[]>(STATIONS_PATH, token);
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const names = new Map((stations.data ?? []).map((s) => [s._id, s.name]));
  const done = () => {
    setEditing(null);
    roles.reload();
  };

  return (
    <section class="setup-section" data-testid="setup-roles">
      <h2>{tp('rolesTitle')}</h2>
      {editing ? (
        <RoleForm
          key={editing === 'new' ? 'new' : editing._id}
          role={editing === 'new' ? null : editing}
          listed={listed.data ?? []}
          stations={stations.data ?? []}
          token={token}
          onDone={done}
        />
      ) : (
        <button class="btn btn-primary btn-big" type="button" data-testid="role-new" onClick={() => setEditing('new')}>
          + {tp('roleNew')}
        </button>
      )}
      <LoadError loaded={roles} />
      <LoadError loaded={listed} />
      <FormError error={error} />
      <ul class="s-rows">
        {(roles.data ?? []).map((role) => {
          const admin = role.slug === 'admin' || role.permissions.includes('*');
          return (
            <li key={role._id} class="card s-row" data-testid={`role-row-${role._id}`}>
              <div class="s-row-main">
                <h3 class="s-row-title">
                  {role.name} <span class="muted">({role.slug})</span>
                  {role.isSystem && <span class="s-tag">{tp('roleSystem')}</span>}
                </h3>
                <p class="s-chips">
                  {role.permissions.length === 0 && <span class="muted">{tp('roleNoPermissions')}</span>}
                  {role.permissions.map((permission) => (
                    <Chip key={permission} permission={permission} names={names} />
                  ))}
                </p>
              </div>
              <div class="btn-row">
                {admin ? (
                  <span class="muted">{tp('roleAdminLocked')}</span>
                ) : (
                  <button class="btn" type="button" data-testid="role-edit" onClick={() => setEditing(role)}>
                    {ts('edit')}
                  </button>
                )}
                {!role.isSystem && (
                  <DeleteButton
                    label={tp('roleDelete')}
                    question={tp('roleDeleteQ', { name: role.name })}
                    testid="role-delete"
                    path={`/roles/${role._id}`}
                    token={token}
                    onError={setError}
                    onDone={roles.reload}
                  />
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
