// @ts-check
// The JSON API under /api: every call carries the session cookie and the CSRF token.

/** An error answer of the API, or a network failure (status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, message?: string, field?: string } | null | undefined} error
   * @param {string} fallback the message when the answer has none
   */
  constructor(status, error, fallback) {
    super(error?.message ?? fallback);
    this.status = status;
    this.code = error?.code ?? `http_${status}`;
    /** @type {string | null} */
    this.field = error?.field ?? null;
  }
}

/** @typedef {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} Method */

/**
 * Sends one request and answers the parsed JSON (null for 204). The caller names its type: the
 * panel trusts the API it is served with. `page` GETs one page of a list and the cursor of the
 * next one, which the API sends in the X-Next-Cursor header (null on the last page).
 * @typedef {(<T = unknown>(method: Method, path: string, body?: unknown, signal?: AbortSignal) => Promise<T>) & {
 *   page: <T = unknown>(path: string, signal?: AbortSignal) => Promise<{ items: T[], next: string | null }>,
 *   versioned: <T = unknown>(method: Method, path: string, body?: unknown, ifMatch?: string | null) => Promise<{ data: T, etag: string | null }>,
 * }} Api
 * `versioned` reads the ETag of the answer and sends If-Match when given one: a save that must not
 * overwrite someone else's (the automation rules).
 */

/**
 * @param {object} options
 * @param {string} options.csrfToken
 * @param {{ network: string, unauthorized: string, status: (status: number) => string }} options.messages
 *   texts for failures the server cannot word (read when they happen, so in the current language)
 * @returns {Api}
 */
export function createApi({ csrfToken, messages }) {
  /**
   * @param {Method} method @param {string} path @param {unknown} body @param {AbortSignal | undefined} signal
   * @param {string | null} [ifMatch]
   */
  async function send(method, path, body, signal, ifMatch = null) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', 'X-CSRF-Token': csrfToken };
    if (ifMatch !== null) headers['If-Match'] = ifMatch;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(`/api${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials: 'same-origin',
        signal: signal ?? null,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, { code: 'network', message: messages.network }, messages.network);
    }
    if (res.status === 401) {
      window.location.assign('/manage/login');
      throw new ApiError(401, { code: 'unauthorized', message: messages.unauthorized }, messages.unauthorized);
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data?.error, messages.status(res.status));
    return { data, next: res.headers.get('X-Next-Cursor'), etag: res.headers.get('ETag') };
  }
  /** @type {Api} */
  const api = Object.assign(
    /** @type {<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal) => Promise<T>} */ (
      async (method, path, body, signal) => (await send(method, path, body, signal)).data
    ),
    {
      /** @type {Api['page']} */
      page: async (path, signal) => {
        const { data, next } = await send('GET', path, undefined, signal);
        return { items: Array.isArray(data) ? data : [], next: next || null };
      },
      /** @type {Api['versioned']} */
      versioned: async (method, path, body, ifMatch = null) => {
        const { data, etag } = await send(method, path, body, undefined, ifMatch);
        return { data, etag };
      },
    },
  );
  return api;
}

/** @param {unknown} err */
export const isAbort = (err) => err instanceof DOMException && err.name === 'AbortError';

/** The message of a failure, for a status line. @param {unknown} err */
export const errorMessage = (err) => (err instanceof Error ? err.message : String(err));

/** The API field path a failure names, if it names one. @param {unknown} err */
export const fieldOf = (err) => (err instanceof ApiError ? err.field : null);
