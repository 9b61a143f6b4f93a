import { createUserWithRole, registerUser } from './support/users';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { rawRequest } from './support/raw-http';
import { bootTestApp, TestApp } from './support/test-app';

describe('Foundation (real HTTP stack, real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers liveness in the envelope with a request id header', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({
      status: 'success',
      data: { status: 'ok', uptime_seconds: expect.any(Number) },
      message: 'Alive',
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reuses a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/api/health').set('X-Request-Id', 'trace-abc.123').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await t.http.get('/api/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.http.get('/api/health/ready').expect(200);
    expect(res.body.status).toBe('success');
    expect(res.body.data.checks).toEqual({
      shutdown: { status: 'up' },
      database: { status: 'up' },
      migrations: { status: 'up' },
      model: { status: 'up' },
    });
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const res = await t.http.get('/api/does-not-exist').expect(404);
    expect(res.body).toEqual({
      status: 'error',
      data: null,
      message: 'No route GET /api/does-not-exist',
      code: 'ROUTE_NOT_FOUND',
      request_id: res.headers['x-request-id'],
    });
  });

  it('answers a string holding a lone UTF-16 surrogate with a 400 naming the field (found by the fuzzer)', async () => {
    const res = await t.http
      .post('/api/auth/register')
      .set('content-type', 'application/json')
      .send('{"email":"\\ud800@example.com","password":"a sturdy passphrase 42"}')
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'must be well-formed Unicode (no lone surrogates)' }]);
  });

  it('refuses null for a property that may only be left out (found by the fuzzer: it was a 500)', async () => {
    const admin = await createUserWithRole(t, 'admin');
    const customer = await registerUser(t, 'nulls');
    const res = await t.http
      .patch(`/api/users/${customer.id}`)
      .set(admin.auth)
      .send({ is_active: true, role: null })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const session = (await t.http.post('/api/chat/sessions').set(customer.auth).send({}).expect(201)).body.data.id;
    await t.http.put(`/api/chat/sessions/${session}`).set(customer.auth).send({ problem_solved: null }).expect(400);
    await t.http
      .post(`/api/chat/sessions/${session}/messages`)
      .set(customer.auth)
      .send({ role: null, content: 'x' })
      .expect(400);
    // On create, null for an optional field means "not given" (the legacy contract), never a 500.
    await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: null }).expect(201);
  });

  it('answers what the HTTP parser and router refuse in the envelope too (431, 414, bad URL encoding)', async () => {
    const headers = await t.http.get('/api/health').set('x-padding', 'a'.repeat(20_000)).expect(431);
    expect(headers.body).toMatchObject({ status: 'error', data: null, code: 'HEADERS_TOO_LARGE' });
    expect(headers.body.request_id).toBe(headers.headers['x-request-id']);
    const param = await t.http.get(`/api/chat/sessions/${'a'.repeat(4000)}`).expect(414);
    expect(param.body).toMatchObject({ status: 'error', data: null, code: 'URI_TOO_LONG' });
    const encoding = await t.http.get('/api/chat/sessions/%E0%A4%A').expect(400);
    expect(encoding.body).toMatchObject({ status: 'error', data: null, code: 'BAD_URL' });
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const res = await t.http
      .post('/api/health')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toMatchObject({ status: 'error', data: null, code: 'MALFORMED_JSON' });
  });

  it('answers a body over BODY_LIMIT_BYTES (1 MiB) with a 413 envelope', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.http.post('/api/health').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body).toMatchObject({ status: 'error', data: null, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unsupported Content-Type with a 415 envelope', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/xml').send('<a/>').expect(415);
    expect(res.body).toMatchObject({ status: 'error', data: null, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers a string holding U+0000 with a 400 naming the field', async () => {
    const res = await t.http
      .post('/api/auth/register')
      .send({ email: 'nul@example.com', password: 'abc\u0000defghijkl' })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'password', message: 'must not contain U+0000' }]);
  });

  it('serves the OpenAPI spec unenveloped, compressed with gzip or brotli when asked', async () => {
    const gz = await rawRequest(t.app, 'GET', '/api/openapi.json', { 'Accept-Encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const spec = JSON.parse(gunzipSync(gz.body).toString('utf8'));
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/health/ready'].get.operationId).toBe('getReadiness');
    expect(spec.components.securitySchemes.oauth2).toMatchObject({ type: 'oauth2' });

    const br = await rawRequest(t.app, 'GET', '/api/openapi.json', { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(spec);

    const plain = await rawRequest(t.app, 'GET', '/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(spec);
  });

  it('does not compress small responses', async () => {
    const res = await rawRequest(t.app, 'GET', '/api/health', { 'Accept-Encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString('utf8')).status).toBe('success');
  });

  it('documents the envelope on every operation', async () => {
    const spec = (await t.http.get('/api/openapi.json').expect(200)).body;
    const ok = spec.paths['/api/health'].get.responses['200'].content['application/json'].schema;
    expect(ok.allOf[0].$ref).toBe('#/components/schemas/SuccessEnvelopeDto');
    expect(ok.allOf[1].properties.data.$ref).toBe('#/components/schemas/HealthResponseDto');
    const err = spec.paths['/api/health'].get.responses['500'].content['application/json'].schema;
    expect(err.$ref).toBe('#/components/schemas/ErrorEnvelopeDto');
  });

  it('serves the Swagger UI with security headers', async () => {
    const res = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sends no CORS headers to origins that are not configured', async () => {
    const res = await t.http.get('/api/health').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS from CORS_ORIGINS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ env: { CORS_ORIGINS: 'https://app.example, https://admin.example' } });
  });

  afterAll(async () => {
    await t.close();
    delete process.env.CORS_ORIGINS;
  });

  it('allows a configured origin and exposes the request id header', async () => {
    const res = await t.http.get('/api/health').set('Origin', 'https://admin.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.example');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
  });
});
