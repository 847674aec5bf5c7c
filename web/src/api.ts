// The one way the pages talk to the server: JSON over /api/v1 with the session cookie, the CSRF
// token on every change, and the server's `error` message kept for the page to show.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onLoggedOut: () => void = () => {};

export const setCsrfToken = (token: string): void => {
  csrfToken = token;
};

/** Called when the server says the session is gone (401), wherever that happens. */
export const whenLoggedOut = (f: () => void): void => {
  onLoggedOut = f;
};

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new ApiError(0, `the server did not answer (${(e as Error).message})`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message =
      json && typeof json === 'object' && typeof (json as { error?: unknown }).error === 'string'
        ? (json as { error: string }).error
        : `${res.status} ${res.statusText}`;
    if (res.status === 401 && path !== '/login') onLoggedOut();
    throw new ApiError(res.status, message);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
