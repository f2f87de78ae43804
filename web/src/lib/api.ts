// The box's REST API, always on this page's own origin (one build works at any IP or name).
// Answers use the contract's envelope {success, message, data}; failures become ApiError with
// the server's message, and a network failure is status 0 so callers can tell "offline" apart.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: unknown = null,
  ) {
    super(message);
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  raw?: Blob;
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** Called with the token that the server refused (401), so the owner can forget it. */
let onUnauthorized: (token: string) => void = () => {};
export function whenUnauthorized(handler: (token: string) => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.raw) {
    body = options.raw;
    headers['Content-Type'] = options.raw.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15000);
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body, signal: controller.signal, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'offline');
  } finally {
    clearTimeout(timer);
  }
  let envelope: { success?: boolean; message?: string; data?: T; errors?: unknown } = {};
  try {
    envelope = await response.json();
  } catch {
    // A proxy error page or an empty body: the status says enough.
  }
  if (!response.ok) {
    if (response.status === 401 && options.token) onUnauthorized(options.token);
    throw new ApiError(response.status, envelope.message ?? response.statusText, envelope.errors ?? null);
  }
  return envelope.data as T;
}

export const get = <T>(path: string, token?: string | null) => request<T>('GET', path, { token });
export const post = <T>(path: string, body: unknown, token?: string | null) =>
  request<T>('POST', path, { token, body });
export const patch = <T>(path: string, body: unknown, token?: string | null) =>
  request<T>('PATCH', path, { token, body });
export const del = <T>(path: string, token?: string | null) => request<T>('DELETE', path, { token });

/** A random key for Idempotency-Key: crypto.randomUUID is missing on plain-HTTP pages. */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
