import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeBaseRepository } from '../src/modules/diagnosis/knowledge-base.repository';
import { bootTestApp, TestApp } from './support/test-app';
import { ExpiredRowsPurger } from '../src/modules/maintenance/expired-rows.purger';
import { login, registerUser } from './support/users';
import { png } from './support/images';

/** The embedded default (PGlite) must never silently break: same migrations, same app. */
describe('Embedded database (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vlm-embedded-'));
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ databaseUrl: null, env: { DATA_DIR: dataDir } });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.DATA_DIR;
  });

  it('applies the migrations at start-up and is ready', async () => {
    const res = await t.http.get('/api/health/ready').expect(200);
    expect(res.body.data.checks.migrations).toEqual({ status: 'up' });
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);
  });

  it('loads the knowledge base at start-up and finds entries by code and by words (full-text search)', async () => {
    const repository = t.app.get(KnowledgeBaseRepository);
    expect(await repository.count()).toBeGreaterThanOrEqual(200);
    const byCode = await repository.search({ text: '', codes: ['E18'], brands: ['bosch'], limit: 1 });
    expect(byCode[0]).toMatchObject({ entry_key: 'bosch:washer:E18', code_matched: true });
    const byWords = await repository.search({
      text: 'my dishwasher will not drain, dirty water in the bottom',
      codes: [],
      brands: [],
      kind: 'dishwasher',
      limit: 3,
    });
    expect(byWords[0].appliance_kind).toBe('dishwasher');
    expect(byWords[0].title.toLowerCase()).toContain('drain');
  });

  it('runs the auth flow: register, login, me, refresh rotation with reuse detection, logout', async () => {
    const user = await registerUser(t, 'embedded');
    await t.http.get('/api/users/me').set(user.auth).expect(200);
    const next = (await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(200)).body
      .data;
    const replay = await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    await t.http.get('/api/users/me').set('Authorization', `Bearer ${next.access_token}`).expect(401);
    const again = await login(t.http, user.email);
    await t.http.post('/api/auth/logout').send({ refresh_token: again.refreshToken }).expect(200);
    await t.http.get('/api/users/me').set(again.auth).expect(401);
  });

  it('stores and serves encrypted chat messages with images', async () => {
    const user = await registerUser(t, 'embedded-chat');
    const id = (await t.http.post('/api/chat/sessions').set(user.auth).send({}).expect(201)).body.data.id as string;
    const photo = await png(12, 9);
    const posted = await t.http
      .post(`/api/chat/sessions/${id}/messages`)
      .set(user.auth)
      .set('Idempotency-Key', 'embedded-1')
      .send({ role: 'user', content: 'Dryer shows dE', images: [photo.toString('base64')] })
      .expect(201);
    const replay = await t.http
      .post(`/api/chat/sessions/${id}/messages`)
      .set(user.auth)
      .set('Idempotency-Key', 'embedded-1')
      .send({ role: 'user', content: 'Dryer shows dE', images: [photo.toString('base64')] })
      .expect(201);
    expect(replay.body).toEqual(posted.body);
    // Without a key the message is one statement outside any transaction (runStatement's embedded path).
    await t.http
      .post(`/api/chat/sessions/${id}/messages`)
      .set(user.auth)
      .send({ role: 'assistant', content: 'Clean the lint filter' })
      .expect(201);
    const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(user.auth).expect(200)).body.data;
    expect(detail).toMatchObject({
      title: 'Dryer shows dE',
      messages: [{ content: 'Dryer shows dE' }, { role: 'assistant', content: 'Clean the lint filter' }],
    });
    expect(detail.messages[0].image_refs[0]).toMatchObject({ width: 12, height: 9, content_type: 'image/png' });
    const image = await t.http.get(detail.messages[0].image_refs[0].url).set(user.auth).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    await t.http.delete(`/api/chat/sessions/${id}`).set(user.auth).expect(200);
  });

  it('purges expired rows (advisory lock and batches work on PGlite too)', async () => {
    const report = await t.app.get(ExpiredRowsPurger).purge();
    expect(report.ran).toBe(true);
  });

  it('serialises concurrent transactions on its single session', async () => {
    const user = await registerUser(t, 'embedded-race');
    const results = await Promise.all(
      [1, 2, 3].map(() => t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });
});
