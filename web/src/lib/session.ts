// Who this browser is. A paired screen (kiosk or board) keeps its device token for good; a
// person (phone, setup, lookup) keeps a login. They are separate so that logging a person in
// or out on a kiosk never unpairs it.
import { store } from './store';

export interface DeviceInfo {
  _id: string;
  name: string;
  kind: 'station' | 'board';
  station: { _id: string; name: string; color?: string; isLaminateStation?: boolean } | null;
}

export interface Person {
  _id: string;
  name: string;
  username: string;
  role?: { slug?: string; permissions?: string[] } | string;
}

const DEVICE_KEY = 'stdplus.device';
const PERSON_KEY = 'stdplus.session';

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session lasts until the page closes.
  }
}

export const device$ = store(read<{ token: string; info: DeviceInfo }>(DEVICE_KEY));
export const person$ = store(read<{ token: string; person: Person }>(PERSON_KEY));

device$.subscribe((value) => write(DEVICE_KEY, value));
person$.subscribe((value) => write(PERSON_KEY, value));

export function isAdmin(person: Person | undefined | null): boolean {
  if (!person) return false;
  const role = person.role;
  if (typeof role === 'string') return role === 'admin';
  return role?.slug === 'admin' || (role?.permissions ?? []).includes('*');
}
