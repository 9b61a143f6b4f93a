import { AddressInfo } from 'node:net';
import { ApiRequestError, createApiClient, unwrap } from '../packages/client/src';
import { png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, PASSWORD, uniqueEmail } from './support/users';

/** The typed client (packages/client) against a real server listening on a port, as a frontend uses it. */
describe('Typed client (@appliance-vlm/client)', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await bootTestApp({ waitForModel: true });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('registers, logs in, runs a chat round trip with a photo and rates it, all typed and unwrapped', async () => {
    // Where a frontend keeps its tokens; the client reads the access token on every request.
    const store: { accessToken?: string } = {};
    const api = createApiClient({ baseUrl, accessToken: () => store.accessToken });
    const email = uniqueEmail('client');

    const registered = await unwrap(api.POST('/api/auth/register', { body: { email, password: PASSWORD } }));
    expect(registered.user.email).toBe(email);
    const tokens = await unwrap(api.POST('/api/auth/login', { body: { email, password: PASSWORD } }));
    store.accessToken = tokens.access_token;
    expect((await unwrap(api.GET('/api/users/me'))).id).toBe(registered.user.id);

    const session = await unwrap(api.POST('/api/chat/sessions', { body: { title: 'Washer shows E18' } }));
    const photo = (await png(64, 48)).toString('base64');
    const message = await unwrap(
      api.POST('/api/chat/sessions/{session_id}/messages', {
        params: { path: { session_id: session.id } },
        body: { role: 'user', content: 'Bosch washer shows E18 and will not drain', images: [photo] },
      }),
    );
    expect(message.image_refs).toHaveLength(1);
    const answer = await unwrap(
      api.POST('/api/chat/sessions/{session_id}/assistant', { params: { path: { session_id: session.id } }, body: {} }),
    );
    expect(answer.role).toBe('assistant');
    expect(answer.structured?.diagnosis.language).toBe('en');

    const read = await unwrap(
      api.GET('/api/chat/sessions/{session_id}', {
        params: { path: { session_id: session.id }, query: { include_images: false } },
      }),
    );
    expect(read.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    const feedback = await unwrap(
      api.POST('/api/chat/feedback', { body: { session_id: session.id, rating: 5, comment: 'Clear and quick' } }),
    );
    expect(feedback.rating).toBe(5);
    const listed = await unwrap(api.GET('/api/chat/feedback', { params: { query: { limit: 10 } } }));
    expect(listed.items.map((f) => f.session_id)).toEqual([session.id]);
  });

  it('throws ApiRequestError with the typed code, field errors and request id', async () => {
    const technician = await createUserWithRole(t, 'technician');
    const api = createApiClient({ baseUrl, accessToken: () => technician.accessToken });
    const missing = await unwrap(
      api.GET('/api/chat/sessions/{session_id}', { params: { path: { session_id: crypto.randomUUID() } } }),
    ).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiRequestError);
    expect(missing).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    expect((missing as ApiRequestError).requestId).toMatch(/^[0-9a-f-]{36}$/);

    const invalid = await unwrap(api.POST('/api/technicians/feedback', { body: { rating: 9 } })).catch(
      (error: unknown) => error,
    );
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((invalid as ApiRequestError).errors.map((e) => e.field)).toContain('rating');

    const anonymous = createApiClient({ baseUrl });
    await expect(unwrap(anonymous.GET('/api/users/me'))).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('returns the bodies of routes without the envelope as they are (the OAuth2 token route)', async () => {
    const email = uniqueEmail('oauth');
    const api = createApiClient({ baseUrl });
    await unwrap(api.POST('/api/auth/register', { body: { email, password: PASSWORD } }));
    const token = await unwrap(
      api.POST('/api/auth/token', {
        body: { grant_type: 'password', username: email, password: PASSWORD },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(token.token_type).toBe('bearer');
    expect(token.access_token.split('.')).toHaveLength(3);
  });
});
