// Small persistent state for the phone: sessionStorage for this tab (its check-in, its scans),
// localStorage for what outlives it (the station's details). Storage can be full or disabled
// (a private window), so neither call ever throws.

export function readJson<T>(storage: Storage, key: string, fallback: T): T {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: it lasts until the page closes.
  }
}
