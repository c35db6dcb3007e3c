/**
 * The console's data API (`/console/api/*`). The token comes in the URL's fragment (`#token=…`, which no request,
 * Referer or server log carries), is kept in this tab's sessionStorage and removed from the address bar, and is sent
 * as `Authorization: Bearer <token>` with every call.
 */
/* global window, sessionStorage, fetch, URLSearchParams */

const KEY = 'local-cloud-console-token';

function takeToken() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(KEY, match[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(KEY);
}

export const token = takeToken();
// A console link pasted into this tab again changes only the fragment: start over with its token.
window.addEventListener('hashchange', () => {
  if (/(?:^#|&)token=/.test(window.location.hash)) window.location.reload();
});

/** A refusal of the API: `status` and the `{ code, message }` it answered. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
  }
}

/** `api('GET', 'collections')`, `api('POST', 'call', { … })`, `api('GET', 'calls', null, { since: 3 })`. */
export async function api(method, path, body, query) {
  const qs = query ? `?${new URLSearchParams(query)}` : '';
  // The API takes a POST or PUT only as JSON, an empty one as `{}`.
  const withBody = method === 'POST' || method === 'PUT';
  const res = await fetch(`/console/api/${path}${qs}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
    body: withBody ? JSON.stringify(body ?? {}) : undefined,
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    /* not JSON: reported by status */
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** A path segment (collection name, document id). */
export const seg = (s) => encodeURIComponent(s);
