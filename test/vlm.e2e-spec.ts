import { DataSource } from 'typeorm';
import { generateCases, SceneCase } from '../scripts/lib/appliance-scenes';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dataUrl, png } from './support/images';
import { newSession } from './support/chat';

const b64 = (image: Buffer): string => image.toString('base64');

interface Finding {
  type: string;
  value: string;
  image_index: number;
  source_line: number;
  raw: string;
}

describe('Vlm: reading appliance photos', () => {
  let t: TestApp;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let admin: LoggedIn;
  let cases: SceneCase[];

  beforeAll(async () => {
    t = await bootTestApp({ waitForModel: true });
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
    admin = await createUserWithRole(t, 'admin');
    // A small fixed set: display codes in fonts and seven-segment digits (clean and degraded), plates.
    cases = await generateCases({ seed: 2024, perKind: 2, width: 1000, height: 750 });
  });

  afterAll(async () => {
    await t.close();
  });

  it('reads error codes, brands and model numbers from generated photos, with boxes in image pixels', async () => {
    for (const scene of cases) {
      const res = await t.http
        .post('/api/vlm/analyze')
        .set(alice.auth)
        .send({ images: [b64(scene.image)] })
        .expect(200);
      const { lines, findings } = res.body.data as {
        lines: { text: string; box: number[][]; confidence: number; image_index: number }[];
        findings: Finding[];
      };
      const values = (type: string): string[] => findings.filter((f) => f.type === type).map((f) => f.value);
      if (scene.expected.code) {
        expect({ scene: scene.name, codes: values('error_code') }).toEqual({
          scene: scene.name,
          codes: [scene.expected.code],
        });
      }
      if (scene.expected.model_number) {
        expect({ scene: scene.name, models: values('model_number') }).toEqual({
          scene: scene.name,
          models: [scene.expected.model_number],
        });
        expect(values('brand').map((b) => b.toUpperCase())).toContain(scene.expected.brand);
      }
      for (const line of lines) {
        expect(line.box).toHaveLength(4);
        for (const [x, y] of line.box) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(scene.width);
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(scene.height);
        }
        expect(line.confidence).toBeGreaterThan(0);
        expect(line.confidence).toBeLessThanOrEqual(1);
      }
      for (const finding of findings) {
        expect(lines[finding.source_line].image_index).toBe(finding.image_index);
      }
    }
  });

  it('reports findings per image across several images, and takes data URLs', async () => {
    const display = cases.find((c) => c.kind === 'clean-segment')!;
    const plate = cases.find((c) => c.kind === 'rating-plate')!;
    const res = await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: [b64(plate.image), dataUrl(display.image, 'image/jpeg')], text: 'it beeps' })
      .expect(200);
    const findings = res.body.data.findings as Finding[];
    expect(findings.find((f) => f.type === 'error_code')).toMatchObject({
      image_index: 1,
      value: display.expected.code,
    });
    expect(findings.find((f) => f.type === 'model_number')).toMatchObject({
      image_index: 0,
      value: plate.expected.model_number,
    });
  });

  it('reads nothing from an image without text, and stores nothing', async () => {
    const before = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM chat_messages');
    const res = await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: [b64(await png(64, 64))] })
      .expect(200);
    expect(res.body.data).toEqual({ lines: [], findings: [] });
    const after = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM chat_messages');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses bad input with a 4xx in the envelope', async () => {
    await t.http
      .post('/api/vlm/analyze')
      .send({ images: [b64(cases[0].image)] })
      .expect(401);
    const empty = await t.http.post('/api/vlm/analyze').set(alice.auth).send({ images: [] }).expect(400);
    expect(empty.body).toMatchObject({ status: 'error', code: 'VALIDATION_FAILED' });
    await t.http.post('/api/vlm/analyze').set(alice.auth).send({}).expect(400);
    const tooMany = await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: Array.from({ length: 11 }, () => b64(cases[0].image)) })
      .expect(400);
    expect(tooMany.body.status).toBe('error');
    const notImage = await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: [b64(cases[0].image), Buffer.from('%PDF-1.4 not an image').toString('base64')] })
      .expect(400);
    expect(notImage.body).toMatchObject({ status: 'error', code: 'INVALID_IMAGE' });
    expect(notImage.body.errors[0].field).toBe('images[1]');
    // A JPEG header with garbage after it: sharp sniffs it as JPEG, decoding fails: still a 400.
    const truncated = Buffer.concat([cases[0].image.subarray(0, 600), Buffer.alloc(400, 7)]);
    const broken = await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: [b64(truncated)] });
    expect(broken.status).toBe(400);
    expect(broken.body.status).toBe('error');
    await t.http
      .post('/api/vlm/analyze')
      .set(alice.auth)
      .send({ images: [b64(cases[0].image)], extra: 1 })
      .expect(400);
  });

  it('shows admins the model, counters and latency percentiles; nobody else', async () => {
    await t.http.get('/api/vlm/status').set(alice.auth).expect(403);
    await t.http.get('/api/vlm/status').expect(401);
    const res = await t.http.get('/api/vlm/status').set(admin.auth).expect(200);
    expect(res.body.data).toMatchObject({
      mode: 'local',
      state: 'ready',
      workers: null,
      model: { type: 'ocr-paddle', source: 'bundled' },
      queue: { max_concurrency: 1, active: 0, waiting: 0 },
    });
    expect(res.body.data.model.files.map((f: { role: string }) => f.role)).toEqual([
      'detection',
      'recognition',
      'dictionary',
    ]);
    expect(res.body.data.load_ms).toBeGreaterThan(0);
    expect(res.body.data.counters.completed).toBeGreaterThanOrEqual(cases.length);
    expect(res.body.data.image_latency_ms.p50).toBeGreaterThan(0);
  });

  describe('the assistant', () => {
    it('reads the session photos and stores its answer as a model message with encrypted findings', async () => {
      const display = cases.find((c) => c.kind === 'degraded-segment' || c.kind === 'clean-segment')!;
      const sessionId = await newSession(t, alice);
      await t.http
        .post(`/api/chat/sessions/${sessionId}/messages`)
        .set(alice.auth)
        .send({ role: 'user', content: 'My washer stopped and shows this', images: [b64(display.image)] })
        .expect(201);
      const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(alice.auth).send({}).expect(201);
      const message = res.body.data;
      expect(message).toMatchObject({ role: 'assistant', source: 'model' });
      expect(message.content).toContain(display.expected.code);
      expect(message.structured.model.name).toContain('PP-OCRv4');
      expect(message.structured.latency_ms).toBeGreaterThan(0);
      expect(message.structured.findings).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'error_code', value: display.expected.code })]),
      );
      const session = await t.http.get(`/api/chat/sessions/${sessionId}`).set(alice.auth).expect(200);
      const stored = session.body.data.messages.at(-1);
      expect(stored).toMatchObject({ id: message.id, source: 'model', content: message.content });
      expect(stored.structured).toEqual(message.structured);
      const [row] = await t.app
        .get(DataSource)
        .query('SELECT content, structured FROM chat_messages WHERE id = $1', [message.id]);
      expect(row.content).toMatch(/^gAAAAA/);
      expect(row.structured).toMatch(/^gAAAAA/);
      expect(row.structured).not.toContain(display.expected.code);
    });

    it('asks for a photo when the session has none, and never invents a code', async () => {
      const sessionId = await newSession(t, alice);
      await t.http
        .post(`/api/chat/sessions/${sessionId}/messages`)
        .set(alice.auth)
        .send({ role: 'user', content: 'The fridge is warm' })
        .expect(201);
      const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(alice.auth).expect(201);
      expect(res.body.data.structured.findings).toEqual([]);
      expect(res.body.data.content).toMatch(/photo/i);
    });

    it("is the owner's alone: another user's session is a 404, and nothing is stored", async () => {
      const sessionId = await newSession(t, alice);
      const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(bob.auth).send({}).expect(404);
      expect(res.body.code).toBe('SESSION_NOT_FOUND');
      const session = await t.http.get(`/api/chat/sessions/${sessionId}`).set(alice.auth).expect(200);
      expect(session.body.data.messages).toEqual([]);
      await t.http.post('/api/chat/sessions/not-a-uuid/assistant').set(alice.auth).send({}).expect(400);
      await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(alice.auth).send({ force: true }).expect(400);
      await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).send({}).expect(401);
    });
  });
});

describe('Vlm: the inference queue', () => {
  let t: TestApp;
  let user: LoggedIn;
  let image: string;

  afterEach(async () => {
    await t?.close();
  });

  it('with VLM_PRELOAD=false, is ready without the model and loads it with the first photo', async () => {
    t = await bootTestApp({ env: { VLM_PRELOAD: 'false' } });
    user = await registerUser(t);
    const admin = await createUserWithRole(t, 'admin');
    const status = async (): Promise<Record<string, unknown>> =>
      (await t.http.get('/api/vlm/status').set(admin.auth).expect(200)).body.data;
    await t.http.get('/api/health/ready').expect(200);
    expect(await status()).toMatchObject({ mode: 'local', state: 'idle', load_ms: null });
    const scene = (await generateCases({ seed: 9, perKind: 1, width: 800, height: 600, kinds: ['clean-text'] }))[0];
    // Two photos at once: the first starts the load, both wait for it, neither is refused.
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        t.http
          .post('/api/vlm/analyze')
          .set(user.auth)
          .send({ images: [b64(scene.image)] }),
      ),
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    const codes = (first.body.data.findings as Finding[]).filter((f) => f.type === 'error_code').map((f) => f.value);
    expect(codes).toEqual([scene.expected.code]);
    expect(await status()).toMatchObject({ state: 'ready', load_ms: expect.any(Number) });
  });

  it('answers 503 VLM_BUSY with Retry-After when the queue is full, and serves the rest', async () => {
    t = await bootTestApp({ waitForModel: true, env: { VLM_MAX_CONCURRENCY: '1', VLM_QUEUE_LIMIT: '0' } });
    user = await registerUser(t);
    image = b64(
      (await generateCases({ seed: 5, perKind: 1, width: 1600, height: 1200, kinds: ['clean-text'] }))[0].image,
    );
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        t.http
          .post('/api/vlm/analyze')
          .set(user.auth)
          .send({ images: [image, image] }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const res of busy) {
      expect(res.body).toMatchObject({ status: 'error', code: 'VLM_BUSY' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('answers 503 VLM_TIMEOUT when reading takes longer than VLM_TIMEOUT_MS, and frees the slot', async () => {
    t = await bootTestApp({
      waitForModel: true,
      env: { VLM_TIMEOUT_MS: '5', VLM_MAX_CONCURRENCY: '1', VLM_QUEUE_LIMIT: '1' },
    });
    user = await registerUser(t);
    image = b64(
      (await generateCases({ seed: 5, perKind: 1, width: 1600, height: 1200, kinds: ['clean-text'] }))[0].image,
    );
    const res = await t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: [image] })
      .expect(503);
    expect(res.body).toMatchObject({ status: 'error', code: 'VLM_TIMEOUT' });
    const again = await t.http
      .post('/api/vlm/analyze')
      .set(user.auth)
      .send({ images: [image] })
      .expect(503);
    expect(again.body.code).toBe('VLM_TIMEOUT'); // not VLM_BUSY: the timed-out request gave its slot back
  });
});
