/**
 * The typed client of the Home Appliance VLM Platform API: openapi-fetch over the types openapi-typescript
 * generates from openapi.json (`schema.ts`, rebuilt by the server's `npm run openapi:generate`).
 *
 *   const api = createApiClient({ baseUrl: 'https://api.example.com', accessToken: () => store.accessToken });
 *   const session = await unwrap(api.POST('/api/chat/sessions', { body: { title: 'Washer E18' } }));
 *
 * Paths, parameters, bodies and answers are checked by the compiler. `unwrap` is the one place the envelope
 * `{status, data, message}` is taken apart: it returns `data`, or throws an `ApiRequestError` carrying the stable
 * `code` (typed as the spec's ErrorCode enum), the field `errors`, the request id and Retry-After.
 */
import createFetchClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type ErrorCode = components['schemas']['ErrorCode'];
export type ErrorEnvelope = components['schemas']['ErrorEnvelopeDto'];
export type ApiClient = Client<paths>;

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The server's origin, e.g. `http://localhost:3000` (paths start with /api). */
  baseUrl: string;
  /** The current access token, sent as `Authorization: Bearer …` when there is one. */
  accessToken?: () => string | undefined | null | Promise<string | undefined | null>;
}

/** An error answer of the API: `code` is stable (switch on it); `message` is for people. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK_OR_UNKNOWN',
    message: string,
    readonly errors: { field: string; message: string }[] = [],
    readonly requestId?: string,
    /** Seconds to wait before retrying (429 and 503 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { accessToken, ...rest } = options;
  const client = createFetchClient<paths>(rest);
  if (accessToken !== undefined) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        const token = await accessToken();
        if (token && !request.headers.has('authorization')) {
          request.headers.set('authorization', `Bearer ${token}`);
        }
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}

/** What a route answers once the envelope is taken off: `data` for enveloped JSON, else the body as is. */
export type Unwrapped<T> = T extends { status: 'success'; data: infer D } ? D : T;

/**
 * Awaits one call of the client and returns its payload: the envelope's `data`, or the whole body for the routes
 * that are not enveloped (images, CSV exports, metrics, the OAuth2 token route). Any error answer throws.
 */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<Unwrapped<NonNullable<R['data']>>> {
  const result = await call;
  const { response } = result;
  if (!response.ok) {
    const body = (result.error ?? {}) as Partial<ErrorEnvelope>;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiRequestError(
      response.status,
      body.code ?? 'NETWORK_OR_UNKNOWN',
      body.message ?? response.statusText,
      body.errors ?? [],
      body.request_id ?? response.headers.get('x-request-id') ?? undefined,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  const body = result.data as { status?: unknown; data?: unknown } | undefined;
  const enveloped = typeof body === 'object' && body !== null && body.status === 'success' && 'data' in body;
  return (enveloped ? body.data : body) as Unwrapped<NonNullable<R['data']>>;
}
