// What this phone last knew of each pane (from a lookup or its own scans). Used only offline:
// a pane the phone has seen at this station can still get its next action queued.
import { readJson, writeJson } from './storage';

export interface Known {
  status: string;
  station: string | null;
  sheet?: boolean;
}

const KNOWN_KEY = 'stdplus.phone.known';
/** Bounded so a long shift does not fill sessionStorage; the oldest entries go first. */
const LIMIT = 300;
const known = new Map<string, Known>(readJson<[string, Known][]>(sessionStorage, KNOWN_KEY, []));

export function recall(paneNumber: string): Known | undefined {
  return known.get(paneNumber);
}

/** Records (or, with null, forgets) a pane; re-inserting moves it to the newest end. */
export function remember(paneNumber: string, value: Known | null): void {
  known.delete(paneNumber);
  if (value) known.set(paneNumber, value);
  while (known.size > LIMIT) known.delete(known.keys().next().value as string);
  writeJson(sessionStorage, KNOWN_KEY, [...known]);
}
