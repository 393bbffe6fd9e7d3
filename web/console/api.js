// The management API as the console calls it: the function key in the x-functions-key header
// (never in a URL), JSON in and out, and errors carried as the API said them (RFC 9457 detail).
const KEY = 'livepipe.functionKey';

export class ApiError extends Error {
  constructor(method, url, status, detail) {
    super(`${method} ${url}: ${status} ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

export const key = () => localStorage.getItem(KEY) || '';
export const setKey = k => k ? localStorage.setItem(KEY, k) : localStorage.removeItem(KEY);

export async function api(method, path, body) {
  let r;
  try {
    r = await fetch('/api/' + path, {
      method, cache: 'no-store',
      headers: { 'x-functions-key': key(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(method, '/api/' + path, 'network', e.message);
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: shown as text below */ }
  if (r.status === 401 && key()) {
    // the key was rotated or is wrong: back to the sign-in form (main.js listens)
    setKey('');
    window.dispatchEvent(new Event('livepipe-signed-out'));
  }
  if (!r.ok) throw new ApiError(method, '/api/' + path, r.status, (json && (json.detail || json.title)) || text || r.statusText);
  return json;
}

/** Exchanges a one-time sign-in code (from the launcher's link) for the function key. */
export async function signInWithCode(code) {
  const r = await fetch('/console/signin', { method: 'POST', cache: 'no-store',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError('POST', '/console/signin', r.status, (json && json.detail) || r.statusText);
  setKey(json.functionKey);
}

export async function health() {
  const r = await fetch('/api/health', { cache: 'no-store' });
  if (!r.ok) throw new ApiError('GET', '/api/health', r.status, r.statusText);
  return r.json();
}
