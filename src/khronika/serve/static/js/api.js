// The app's only way to the server: same-origin fetches of /api (CSP connect-src 'self').

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
    this.status = status;
  }
}

export async function get(path, params, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') qs.set(k, v);
  const url = qs.toString() ? `${path}?${qs}` : path;
  const res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!res.ok) {
    let detail = res.statusText;
    try { detail = (await res.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new ApiError(res.status, detail);
  }
  return res.json();
}

let configPromise = null;
export function config() {
  configPromise ??= get('/api/config').catch(() => ({ tiles: null, writable: false }));
  return configPromise;
}

let facetsPromise = null;
export function facets() {
  facetsPromise ??= get('/api/facets').catch(() => ({ languages: [], sources: [], acled_types: [], acled_subtypes: [], plover_events: [] }));
  return facetsPromise;
}
