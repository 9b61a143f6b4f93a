/**
 * The response interceptor a legacy frontend adds to talk to this API (README, "Migrating from the Python
 * backend"): unwrap the envelope, and give lists the legacy keys (`sessions`, `feedback`). In the legacy
 * app it goes in services/api.js as an axios response interceptor:
 *
 *   api.interceptors.response.use((response) => ({ ...response, data: toLegacy(response.config.url, response.data) }));
 */
export function toLegacy(url: string, body: unknown): unknown {
  const envelope = body as { status?: string; data?: unknown } | null;
  if (envelope === null || typeof envelope !== 'object' || !('status' in envelope) || !('data' in envelope)) {
    return body; // not enveloped (images, the OAuth2 token route, metrics)
  }
  const data = envelope.data as { items?: unknown[]; next_cursor?: string | null } | null;
  if (data === null || typeof data !== 'object' || !Array.isArray(data.items)) {
    return data;
  }
  const path = url.split('?')[0];
  const key = /\/chat\/sessions\/?$/.test(path) ? 'sessions' : /feedback\/?$/.test(path) ? 'feedback' : 'items';
  return { [key]: data.items, next_cursor: data.next_cursor ?? null };
}
