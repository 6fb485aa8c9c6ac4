// The hub's REST API (see cloud-hub): every call is bounded in time and fails with one Error that names the path and
// the hub's own message, so the page can show why a panel is empty.

import { showLogin } from './login.js';

const TIMEOUT_MS = 8000;

export class ApiError extends Error {
  constructor(path, status, code, message) {
    super(`${path}: ${message}${status ? ` (HTTP ${status}${code ? `, ${code}` : ''})` : ''}`);
    this.status = status;
    this.code = code;
  }
}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null));
  const url = query.toString() ? `${path}?${query}` : path;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, signal: abort.signal, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(path, 0, null, abort.signal.aborted ? `no answer within ${TIMEOUT_MS} ms` : e.message);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401) {
    showLogin();
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(path, response.status, body.code, body.message ?? response.statusText);
  }
  return response.json();
}

export const api = {
  health: () => getJson('/api/v1/health'),
  assets: () => getJson('/api/v1/assets'),
  series: (tag, from, to, step) =>
    getJson('/api/v1/series', { tag, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step }),
  anomalies: (asset, from, to) =>
    getJson('/api/v1/events', {
      type: 'anomaly', asset, from: new Date(from).toISOString(), to: new Date(to).toISOString(),
    }),
};
