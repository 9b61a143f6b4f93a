import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataUrl, png, sparseAnimatedGif } from './support/images';
import { rawRequest } from './support/raw-http';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dispatchSession } from './support/dispatch';

/**
 * Regression tests for the hostile-load report (issue 15): each input that answered 5xx, or was accepted
 * when it should not be, now gets a clear 4xx in the envelope and changes nothing.
 */
describe('Hostile input: clear 4xx, nothing changed', () => {
  let t: TestApp;
  let db: DataSource;
  let customer: LoggedIn;
  let tech: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    customer = await registerUser(t, 'hostile');
    tech = await createUserWithRole(t, 'technician', 'hostile-tech');
    admin = await createUserWithRole(t, 'admin', 'hostile-admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const sessionCount = async (userId: string): Promise<number> =>
    Number((await db.query('SELECT count(*) AS n FROM chat_sessions WHERE user_id = $1', [userId]))[0].n);

  describe('request bodies', () => {
    it('answers JSON nested 1,400 levels deep with 400 JSON_TOO_DEEP, logged in or not', async () => {
      const deep = `${'['.repeat(1400)}${']'.repeat(1400)}`;
      const before = await sessionCount(customer.id);
      const res = await t.http
        .post('/api/chat/sessions')
        .set(customer.auth)
        .set('Content-Type', 'application/json')
        .send(`{"title":"x","extra":${deep}}`)
        .expect(400);
      expect(res.body).toMatchObject({ status: 'error', code: 'JSON_TOO_DEEP', data: null });
      await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":${deep}}`)
        .expect(400)
        .expect((r) => expect(r.body.code).toBe('JSON_TOO_DEEP'));
      expect(await sessionCount(customer.id)).toBe(before);
    });

    it('still takes brackets inside strings and ordinary nesting', async () => {
      const res = await t.http
        .post('/api/chat/sessions')
        .set(customer.auth)
        .send({ title: `${'['.repeat(100)} washer ${'{'.repeat(100)}`.slice(0, 255) })
        .expect(201);
      expect(res.body.data.title).toContain('washer');
    });

    it('refuses invalid UTF-8 with 400 INVALID_UTF8 instead of storing replacement characters', async () => {
      const before = await sessionCount(customer.id);
      const body = Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      // Raw bytes on the wire (supertest would serialise a Buffer as JSON).
      const res = await rawRequest(
        t.app,
        'POST',
        '/api/chat/sessions',
        { ...customer.auth, 'Content-Type': 'application/json' },
        body,
      );
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ status: 'error', code: 'INVALID_UTF8' });
      expect(await sessionCount(customer.id)).toBe(before);
      // Turkish letters in valid UTF-8 are of course fine.
      await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'Çamaşır makinesi ığüşöç' }).expect(201);
    });

    it('takes only JSON on JSON routes (415 before the body is read); the OAuth2 token route keeps its form', async () => {
      const form = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`email=${encodeURIComponent(customer.email)}&password=${encodeURIComponent(customer.password)}`)
        .expect(415);
      expect(form.body).toMatchObject({ status: 'error', code: 'UNSUPPORTED_MEDIA_TYPE' });
      await t.http
        .post('/api/chat/sessions')
        .set(customer.auth)
        .set('Content-Type', 'text/plain')
        .send('{"title":"plain"}')
        .expect(415);
      await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: customer.email, password: customer.password })
        .expect(200);
      await t.http
        .post('/api/auth/token')
        .send({ grant_type: 'password', username: customer.email, password: customer.password })
        .expect(200);
      await t.http
        .post('/api/auth/token')
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .send('--x--')
        .expect(415);
    });
  });

  describe('images', () => {
    it('refuses the 1.5 KB, 49-frame GIF on uploads and analyze before decoding it (400 IMAGE_TOO_COMPLEX)', async () => {
      const gif = dataUrl(sparseAnimatedGif(1000, 1000, 49), 'image/gif');
      const id = (await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'GIF' }).expect(201)).body
        .data.id;
      const upload = await t.http
        .post(`/api/chat/sessions/${id}/messages`)
        .set(customer.auth)
        .send({ role: 'user', content: 'look', images: [gif] })
        .expect(400);
      expect(upload.body).toMatchObject({ code: 'IMAGE_TOO_COMPLEX', errors: [{ field: 'images[0]' }] });
      const analyze = await t.http
        .post('/api/vlm/analyze')
        .set(customer.auth)
        .send({ images: [gif] })
        .expect(400);
      expect(analyze.body.code).toBe('IMAGE_TOO_COMPLEX');
      const detail = await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth).expect(200);
      expect(detail.body.data.messages).toEqual([]);
    });
  });

  describe('list cursors and dates', () => {
    const LISTS = [
      '/api/chat/sessions',
      '/api/chat/feedback',
      '/api/technicians/sessions',
      '/api/technicians/feedback',
      '/api/users',
      '/api/admin/audit',
      '/api/admin/feedback/chat',
      '/api/admin/feedback/technicians',
    ];
    const callerFor = (path: string): LoggedIn =>
      path.startsWith('/api/technicians') ? tech : path.startsWith('/api/chat') ? customer : admin;
    const cursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const TAMPERED = [
      cursor(['1', randomUUID()]),
      cursor(['2020-02-30T00:00:00.000Z', randomUUID()]),
      cursor(['+275760-09-13T00:00:00.000Z', randomUUID()]),
      cursor(['2020-01-01', randomUUID()]),
      cursor(['2020-01-01T00:00:00.000Z', 'not-a-uuid']),
      cursor({ at: '2020-01-01T00:00:00.000Z' }),
      'not base64 at all!',
    ];

    it.each(LISTS)('answers tampered cursors on %s with 400 INVALID_CURSOR', async (path) => {
      for (const value of TAMPERED) {
        const res = await t.http.get(path).query({ cursor: value }).set(callerFor(path).auth);
        expect({ path, value, status: res.status, code: res.body.code }).toEqual({
          path,
          value,
          status: 400,
          code: 'INVALID_CURSOR',
        });
      }
      // A cursor the list made itself still works.
      await t.http
        .get(path)
        .query({ cursor: cursor(['2020-01-01T00:00:00.000Z', randomUUID()]) })
        .set(callerFor(path).auth)
        .expect(200);
    });

    const PERIOD_ROUTES = [
      '/api/analytics/summary',
      '/api/admin/audit',
      '/api/admin/feedback/chat',
      '/api/admin/feedback/technicians',
    ];
    const BAD_DATES = [
      '2020-W01',
      '2020-123',
      '2020-02-30',
      '275760-09-13',
      '+275760-09-13',
      '0000-01-01',
      '2020-01-01T24:00',
    ];

    it.each(PERIOD_ROUTES)('answers odd ISO 8601 dates on %s with 400 VALIDATION_FAILED', async (path) => {
      for (const value of BAD_DATES) {
        for (const field of ['from', 'to']) {
          const res = await t.http
            .get(path)
            .query({ [field]: value })
            .set(admin.auth);
          expect({ value, field, status: res.status, code: res.body.code }).toEqual({
            value,
            field,
            status: 400,
            code: 'VALIDATION_FAILED',
          });
        }
      }
      for (const value of [
        '2020-01-01',
        '2020-01-01T10:00',
        '2020-01-01T10:00:00.123456Z',
        '2020-01-01T10:00:00+03:00',
      ]) {
        await t.http.get(path).query({ from: value }).set(admin.auth).expect(200);
      }
    });

    it('refuses an impossible ended_at on a session update and keeps the session as it was', async () => {
      const id = (await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'Dates' }).expect(201)).body
        .data.id;
      for (const ended_at of ['2020-02-30T10:00:00Z', '2020-W01', '+275760-09-13T00:00:00Z']) {
        await t.http.put(`/api/chat/sessions/${id}`).set(customer.auth).send({ ended_at }).expect(400);
      }
      const detail = await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth).expect(200);
      expect(detail.body.data.ended_at).toBeNull();
      const ok = await t.http
        .put(`/api/chat/sessions/${id}`)
        .set(customer.auth)
        .send({ ended_at: '2026-03-01T09:30:00+03:00' })
        .expect(200);
      expect(ok.body.data.ended_at).toBe('2026-03-01T06:30:00.000Z');
    });
  });

  describe('writes racing a DELETE of their session', () => {
    it('answer 2xx, 404 or 409, never 5xx, and never deadlock', async () => {
      const statuses = new Map<string, Set<number>>();
      const note = (name: string, status: number): void => {
        statuses.set(name, (statuses.get(name) ?? new Set()).add(status));
      };
      for (let round = 0; round < 8; round += 1) {
        const id = (await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'Race' }).expect(201)).body
          .data.id;
        await t.http
          .post(`/api/chat/sessions/${id}/messages`)
          .set(customer.auth)
          .send({ role: 'user', content: 'leaking', images: [dataUrl(await png())] })
          .expect(201);
        await dispatchSession(t, admin, id, tech.id).expect(200);
        const writes: [string, () => Promise<{ status: number }>][] = [
          ['delete session', () => t.http.delete(`/api/chat/sessions/${id}`).set(customer.auth)],
          [
            'chat feedback',
            () => t.http.post('/api/chat/feedback').set(customer.auth).send({ session_id: id, rating: 4 }),
          ],
          ['dispatch', () => dispatchSession(t, admin, id, tech.id)],
          ['undispatch', () => t.http.delete(`/api/chat/sessions/${id}/dispatch`).set(admin.auth)],
          [
            'technician report',
            () =>
              t.http.post('/api/technicians/feedback').set(tech.auth).send({
                rating: 4,
                diagnosis_correct: true,
                parts_sufficient: true,
                second_trip_required: false,
                chat_session_id: id,
              }),
          ],
          [
            'message',
            () =>
              t.http.post(`/api/chat/sessions/${id}/messages`).set(customer.auth).send({ role: 'user', content: 'x' }),
          ],
        ];
        // Rotate who starts first so each write meets the DELETE before, during and after it.
        const rotated = [...writes.slice(round % writes.length), ...writes.slice(0, round % writes.length)];
        const results = await Promise.all(rotated.map(async ([name, run]) => [name, (await run()).status] as const));
        for (const [name, status] of results) {
          note(name, status);
        }
        await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth).expect(404);
      }
      const seen = Object.fromEntries([...statuses].map(([name, set]) => [name, [...set].sort()]));
      for (const [name, set] of statuses) {
        expect({ name, statuses: [...set].filter((s) => ![200, 201, 204, 404, 409].includes(s)) }).toEqual({
          name,
          statuses: [],
        });
      }
      expect(seen['delete session']).toEqual([200]);
    });
  });

  describe('response headers', () => {
    it('marks token and personal JSON responses no-store; images stay private with an ETag', async () => {
      const login = await t.http
        .post('/api/auth/login')
        .send({ email: customer.email, password: customer.password })
        .expect(200);
      expect(login.headers['cache-control']).toBe('no-store');
      const token = await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: customer.email, password: customer.password })
        .expect(200);
      expect(token.headers['cache-control']).toBe('no-store');
      const me = await t.http.get('/api/users/me').set(customer.auth).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      const error = await t.http.get('/api/users/me').expect(401);
      expect(error.headers['cache-control']).toBe('no-store');

      const id = (await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'Photo' }).expect(201)).body
        .data.id;
      const message = await t.http
        .post(`/api/chat/sessions/${id}/messages`)
        .set(customer.auth)
        .send({ role: 'user', content: 'plate', images: [dataUrl(await png())] })
        .expect(201);
      const image = await t.http
        .get(`/api/chat/sessions/${id}/messages/${message.body.data.id}/images/0`)
        .set(customer.auth)
        .expect(200);
      expect(image.headers['cache-control']).toMatch(/^private/);
      expect(image.headers.etag).toBeDefined();
    });

    it('sends the security headers on 431 and 414 answers too', async () => {
      const huge = await rawRequest(t.app, 'GET', '/api/health', { 'X-Big': 'a'.repeat(20000) });
      expect(huge.status).toBe(431);
      expect(huge.headers['x-content-type-options']).toBe('nosniff');
      expect(huge.headers['content-security-policy']).toBeDefined();
      expect(huge.headers['cache-control']).toBe('no-store');

      const longParam = await t.http.get(`/api/chat/feedback/${'a'.repeat(255 * 12 + 10)}`).set(customer.auth);
      expect(longParam.status).toBe(414);
      expect(longParam.headers['x-content-type-options']).toBe('nosniff');
      expect(longParam.headers['content-security-policy']).toBeDefined();
    });
  });
});
