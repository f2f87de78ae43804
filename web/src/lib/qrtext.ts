// What a scanned or typed code means (station-floor.md §3.5), without upstream's traps: a pane
// sticker `STDPLUS:<paneNumber>`, a bare pane number, or a station check-in URL. Matching is
// exact (upstream matched any pane number that merely ended with the typed text).

export type Scanned =
  | { kind: 'pane'; paneNumber: string }
  | { kind: 'checkin'; stationId: string }
  | { kind: 'unknown'; text: string };

export function parseScan(raw: string): Scanned {
  const text = raw.trim();
  if (!text) return { kind: 'unknown', text };
  const checkin = /\/stations?\/([0-9a-f]{24})\/checkin/i.exec(text);
  if (checkin?.[1]) return { kind: 'checkin', stationId: checkin[1].toLowerCase() };
  const sticker = /^STDPLUS:(.+)$/i.exec(text);
  const number = (sticker?.[1] ?? text).trim().toUpperCase();
  if (/^[A-Z0-9][A-Z0-9._-]{0,63}$/.test(number)) return { kind: 'pane', paneNumber: number };
  return { kind: 'unknown', text };
}

/** The check-in URL a station's QR carries (the path upstream's phones already open), on
 * `base`: the box's IP-based HTTPS address for phones (see lib/boxurls), else this origin. */
export function checkinUrl(stationId: string, base: string = window.location.origin): string {
  return `${base}/stations/${stationId}/checkin`;
}

/** An SVG of a QR code, rendered by the box (no QR library in the bundle). */
export function qrImageUrl(text: string, ec: 'M' | 'Q' | 'H' = 'M'): string {
  return `/api/qr/svg?text=${encodeURIComponent(text)}&ec=${ec}`;
}
