// How phones reach the box (GET /api/connect): its URLs by IP address (Android often cannot open
// `.local` names), the one phones should use (HTTPS, so the live camera works), and the box's CA.
// Fetched once per page and shared; until it arrives, codes fall back to this page's origin.
import { get } from './api';
import { store, useStore } from './store';
import { useEffect } from 'preact/hooks';

export interface BoxUrls {
  /** The URL phones should open: the first LAN IPv4 HTTPS URL when HTTPS is on. */
  preferred: string;
  /** Plain-HTTP `/connect` of the box: opens on any phone, before it trusts the CA. */
  setupUrl: string;
  http: string[];
  https: string[];
  names: string[];
  ca: { name: string; fingerprint: string; download: string; pem: string } | null;
  certificate: { names: string[]; notAfter: string } | null;
}

export const boxUrls$ = store<BoxUrls | null>(null);
let loading: Promise<BoxUrls> | null = null;

export function loadBoxUrls(): Promise<BoxUrls> {
  if (!loading) {
    loading = get<BoxUrls>('/connect').then(
      (urls) => {
        boxUrls$.set(urls);
        return urls;
      },
      (error: unknown) => {
        loading = null; // offline now: the next screen that asks tries again
        throw error;
      },
    );
  }
  return loading;
}

/** The box's URLs, re-rendering when they arrive; null until then (or while offline). */
export function useBoxUrls(): BoxUrls | null {
  const urls = useStore(boxUrls$);
  useEffect(() => {
    loadBoxUrls().catch(() => {});
  }, []);
  return urls;
}

/** `https://192.168.1.20:3443` without the trailing slash, or this page's origin. */
export function phoneBase(urls: BoxUrls | null): string {
  return (urls?.preferred || `${window.location.origin}/`).replace(/\/+$/, '');
}
