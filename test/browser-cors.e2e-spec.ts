import { Browser } from 'playwright-core';
import { AddressInfo } from 'node:net';
import { browserUnavailable, launchBrowser, servePage } from './support/browser';
import { bootTestApp, TestApp } from './support/test-app';
import { PASSWORD, uniqueEmail } from './support/users';

/**
 * A page on an allowed origin calls the API from Chromium the way a frontend does (fetch with a bearer
 * token and JSON), through real CORS preflights: GET, POST, PUT, PATCH and DELETE all pass; a page on an
 * origin not in CORS_ORIGINS is refused by the browser.
 */
const unavailable = browserUnavailable();
const itInBrowser = unavailable === undefined || process.env.CI === 'true' ? it : it.skip;
if (unavailable !== undefined) {
  console.warn(`Skipping the browser tests outside CI: ${unavailable}`);
}

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>client</title></head><body></body></html>';

describe('A browser page on an allowed origin (CORS, real preflights)', () => {
  let t: TestApp;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof servePage>>;
  let other: Awaited<ReturnType<typeof servePage>>;
  let api: string;

  beforeAll(async () => {
    if (unavailable !== undefined && process.env.CI !== 'true') {
      return;
    }
    allowed = await servePage(PAGE);
    other = await servePage(PAGE);
    t = await bootTestApp({ env: { CORS_ORIGINS: allowed.origin } });
    await t.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await allowed?.close();
    await other?.close();
    delete process.env.CORS_ORIGINS;
  });

  itInBrowser('calls GET, POST, PUT, PATCH and DELETE routes with a bearer token and JSON', async () => {
    const page = await browser.newPage();
    await page.goto(allowed.origin);
    const results = await page.evaluate(
      async ({ api, email, password }) => {
        const out: Record<string, number | string> = {};
        const call = async (
          method: string,
          path: string,
          token?: string,
          body?: unknown,
        ): Promise<{ data: Record<string, unknown> }> => {
          const res = await fetch(`${api}${path}`, {
            method,
            headers: {
              'Content-Type': 'application/json',
              'Idempotency-Key': `${method}-${path}`,
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          out[`${method} ${path.replace(/[0-9a-f-]{36}/, ':id')}`] = res.status;
          return (await res.json()) as { data: Record<string, unknown> };
        };
        await call('POST', '/auth/register', undefined, { email, password });
        const login = await call('POST', '/auth/login', undefined, { email, password });
        const token = login.data.access_token as string;
        const session = await call('POST', '/chat/sessions', token, { title: 'Tarayıcıdan' });
        const id = session.data.id as string;
        await call('PUT', `/chat/sessions/${id}`, token, { problem_solved: true });
        await call('PATCH', '/users/me', token, { full_name: 'Browser Customer' });
        await call('GET', `/chat/sessions/${id}`, token);
        await call('DELETE', `/chat/sessions/${id}`, token); // JSON content type, no body
        out.requestIdExposed = (await fetch(`${api}/health`)).headers.get('x-request-id') ? 'yes' : 'no';
        return out;
      },
      { api, email: uniqueEmail('browser'), password: PASSWORD },
    );
    expect(results).toEqual({
      'POST /auth/register': 201,
      'POST /auth/login': 200,
      'POST /chat/sessions': 201,
      'PUT /chat/sessions/:id': 200,
      'PATCH /users/me': 200,
      'GET /chat/sessions/:id': 200,
      'DELETE /chat/sessions/:id': 200,
      requestIdExposed: 'yes',
    });
    await page.close();
  });

  itInBrowser('is refused by the browser from an origin not in CORS_ORIGINS', async () => {
    const page = await browser.newPage();
    await page.goto(other.origin);
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(`${url}/chat/sessions`, {
          headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
        });
        return 'allowed';
      } catch {
        return 'blocked';
      }
    }, api);
    expect(outcome).toBe('blocked');
    await page.close();
  });
});
