import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { FernetKey } from '../src/common/crypto/fernet';
import { dataUrl, jpegWithExif, noisyPng, png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, registerUser } from './support/users';
import { newSession, postMessage } from './support/chat';

const KEY = process.env.ENCRYPTION_KEY ?? '';

describe('Chat sessions and messages', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: LoggedIn;
  let bob: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
  });

  afterAll(async () => {
    await t.close();
  });

  const startSession = (user: LoggedIn, body: Record<string, unknown> = {}) => newSession(t, user, body);
  const post = (user: LoggedIn, sessionId: string, body: Record<string, unknown>) =>
    postMessage(t, user, sessionId, body);

  describe('sessions', () => {
    it('creates a session, titled "New chat" until the first user message names it', async () => {
      const res = await t.http.post('/api/chat/sessions').set(alice.auth).send({}).expect(201);
      expect(res.body).toMatchObject({
        status: 'success',
        message: 'Session created',
        data: {
          title: 'New chat',
          session_key: null,
          problem_solved: false,
          technician_dispatched: false,
          message_count: 0,
          last_message_at: null,
        },
      });
      const id = res.body.data.id as string;
      const before = res.body.data.updated_at as string;
      await post(alice, id, {
        role: 'user',
        content: '  My washing machine shows   E24 and will not drain the water after the rinse cycle finished  ',
      }).expect(201);
      const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth).expect(200)).body.data;
      expect(detail.title).toBe('My washing machine shows E24 and will not drain the water…');
      expect(Date.parse(detail.updated_at)).toBeGreaterThan(Date.parse(before));
      await post(alice, id, { role: 'user', content: 'second message' }).expect(201);
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data.title).toBe(detail.title);
    });

    it('keeps session_key unique per user (409), but not across users', async () => {
      await startSession(alice, { session_key: 'legacy-1', title: 'Fridge' });
      const dup = await t.http.post('/api/chat/sessions').set(alice.auth).send({ session_key: 'legacy-1' }).expect(409);
      expect(dup.body.code).toBe('SESSION_KEY_TAKEN');
      await startSession(bob, { session_key: 'legacy-1' });
    });

    it('lists own sessions newest first with counts, filters and keyset pages', async () => {
      const user = await registerUser(t, 'lister');
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        ids.push(await startSession(user, { title: `S${i}`, session_key: `k${i}` }));
      }
      await post(user, ids[0], { role: 'user', content: 'hello' }).expect(201);
      await post(user, ids[0], { role: 'assistant', content: 'hi' }).expect(201);
      await t.http.put(`/api/chat/sessions/${ids[1]}`).set(user.auth).send({ problem_solved: true }).expect(200);

      const all = (await t.http.get('/api/chat/sessions').set(user.auth).expect(200)).body.data;
      expect(all.items.map((s: { id: string }) => s.id)).toEqual([...ids].reverse());
      expect(all.next_cursor).toBeNull();
      const first = all.items.find((s: { id: string }) => s.id === ids[0]);
      expect(first).toMatchObject({ message_count: 2, title: 'S0', last_message_at: expect.any(String) });
      expect(first).not.toHaveProperty('messages');

      const page1 = (await t.http.get('/api/chat/sessions?limit=2').set(user.auth).expect(200)).body.data;
      const page2 = (await t.http.get(`/api/chat/sessions?limit=2&cursor=${page1.next_cursor}`).set(user.auth)).body
        .data;
      expect([...page1.items, ...page2.items].map((s: { id: string }) => s.id)).toEqual([...ids].reverse());

      const solved = (await t.http.get('/api/chat/sessions?problem_solved=true').set(user.auth)).body.data.items;
      expect(solved.map((s: { id: string }) => s.id)).toEqual([ids[1]]);
      const byKey = (await t.http.get('/api/chat/sessions?session_key=k2').set(user.auth)).body.data.items;
      expect(byKey.map((s: { id: string }) => s.id)).toEqual([ids[2]]);
      await t.http.get('/api/chat/sessions?problem_solved=maybe').set(user.auth).expect(400);
      await t.http.get('/api/chat/sessions?limit=201').set(user.auth).expect(400);
    });

    it('updates title and flags; anything else is a 400', async () => {
      const id = await startSession(alice);
      const res = await t.http
        .put(`/api/chat/sessions/${id}`)
        .set(alice.auth)
        .send({ title: 'Oven F21', technician_dispatched: true })
        .expect(200);
      expect(res.body.data).toMatchObject({ title: 'Oven F21', technician_dispatched: true, problem_solved: false });
      await t.http.put(`/api/chat/sessions/${id}`).set(alice.auth).send({ user_id: bob.id }).expect(400);
      await t.http.put(`/api/chat/sessions/${id}`).set(alice.auth).send({}).expect(400);
    });
  });

  describe('messages', () => {
    it('stores ciphertext only: raw rows hold Fernet tokens that decrypt with the key', async () => {
      const id = await startSession(alice, { title: 'Secret title about my dishwasher' });
      const res = await post(alice, id, { role: 'user', content: 'The dishwasher smells of burning plastic' }).expect(
        201,
      );
      expect(res.body.data).toMatchObject({
        role: 'user',
        content: 'The dishwasher smells of burning plastic',
        source: 'client',
      });
      const [message] = (await db.query('SELECT content FROM chat_messages WHERE id = $1', [res.body.data.id])) as {
        content: string;
      }[];
      const [session] = (await db.query('SELECT title FROM chat_sessions WHERE id = $1', [id])) as { title: string }[];
      expect(message.content).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
      expect(message.content).not.toContain('burning');
      expect(new FernetKey(KEY).decrypt(message.content).toString()).toBe('The dishwasher smells of burning plastic');
      expect(session.title).not.toContain('dishwasher');
      expect(new FernetKey(KEY).decrypt(session.title).toString()).toBe('Secret title about my dishwasher');
    });

    it('strips EXIF/GPS, applies the orientation, records size and type, and serves the bytes', async () => {
      const id = await startSession(alice);
      const photo = await jpegWithExif(40, 20);
      const original = await sharp(photo).metadata();
      expect(original.exif?.includes(Buffer.from('PhoneCo'))).toBe(true);
      expect(original.orientation).toBe(6);
      const res = await post(alice, id, {
        role: 'user',
        content: 'rating plate',
        images: [dataUrl(photo, 'image/jpeg')],
      }).expect(201);
      const message = res.body.data;
      expect(message.image_refs).toEqual([
        {
          index: 0,
          content_type: 'image/jpeg',
          bytes: expect.any(Number),
          width: 20,
          height: 40,
          url: expect.stringMatching(
            new RegExp(`^/api/chat/sessions/${id}/messages/${message.id}/images/0\\?exp=\\d+&sig=[\\w-]{43}$`),
          ),
        },
      ]);
      expect(message.images).toEqual([expect.stringMatching(/^data:image\/jpeg;base64,/)]);

      const image = await t.http
        .get(message.image_refs[0].url)
        .set(alice.auth)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(image.headers['content-type']).toBe('image/jpeg');
      expect(image.headers['cache-control']).toContain('private');
      expect(image.headers['x-content-type-options']).toBe('nosniff');
      expect(image.headers['content-encoding']).toBeUndefined();
      const bytes = image.body as Buffer;
      expect(bytes.length).toBe(message.image_refs[0].bytes);
      expect(`data:image/jpeg;base64,${bytes.toString('base64')}`).toBe(message.images[0]);
      // The signed URL works as an <img src>: no Authorization header; a tampered one does not.
      await t.http.get(message.image_refs[0].url).expect(200);
      const unsigned = message.image_refs[0].url.split('?')[0];
      await t.http.get(unsigned).expect(401);
      await t.http.get(`${unsigned}?exp=9999999999&sig=${'A'.repeat(43)}`).expect(401);
      await t.http.get(message.image_refs[0].url.replace('/images/0?', '/images/1?')).expect(401);
      await t.http.get(unsigned).set(alice.auth).expect(200);
      const stored = await sharp(bytes).metadata();
      expect(stored.exif).toBeUndefined();
      expect(stored.orientation).toBeUndefined();
      expect([stored.width, stored.height]).toEqual([20, 40]);

      await t.http.get(message.image_refs[0].url).set(alice.auth).set('If-None-Match', image.headers.etag).expect(304);
      await t.http.get(`/api/chat/sessions/${id}/messages/${message.id}/images/1`).set(alice.auth).expect(404);
      await t.http.get(`/api/chat/sessions/${id}/messages/${message.id}/images/x`).set(alice.auth).expect(400);

      const [raw] = (await db.query('SELECT images FROM chat_messages WHERE id = $1', [message.id])) as {
        images: Buffer;
      }[];
      expect(raw.images.includes(bytes.subarray(0, 64))).toBe(false);

      const light = (await t.http.get(`/api/chat/sessions/${id}?include_images=false`).set(alice.auth)).body.data;
      expect(light.messages[0].images).toEqual([]);
      expect(light.messages[0].image_refs).toHaveLength(1);
      const full = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data;
      expect(full.messages[0].images).toEqual([message.images[0]]);
    });

    it('refuses fake, too many and oversized images, naming the index, and stores nothing', async () => {
      const id = await startSession(alice);
      const good = dataUrl(await png());
      const fake = `data:image/png;base64,${Buffer.from('just some text pretending to be a picture').toString('base64')}`;
      const bad = await post(alice, id, { role: 'user', images: [good, fake] }).expect(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_IMAGE', errors: [{ field: 'images[1]' }] });
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
      );
      expect(
        (await post(alice, id, { role: 'user', images: [svg.toString('base64')] }).expect(400)).body.errors[0].field,
      ).toBe('images[0]');
      await post(alice, id, { role: 'user', images: ['***not base64***'] }).expect(400);
      const many = await post(alice, id, { role: 'user', images: Array.from({ length: 11 }, () => good) }).expect(400);
      expect(many.body.code).toBe('TOO_MANY_IMAGES');
      const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 1).toString('base64');
      const tooBig = await post(alice, id, { role: 'user', images: [huge] }).expect(413);
      expect(tooBig.body).toMatchObject({ code: 'IMAGE_TOO_LARGE', errors: [{ field: 'images[0]' }] });
      const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM chat_messages WHERE session_id = $1', [
        id,
      ])) as {
        count: number;
      }[];
      expect(count).toBe(0);
    });

    it('accepts image bodies above BODY_LIMIT_BYTES on the image route only', async () => {
      const id = await startSession(alice);
      const big = await noisyPng(700, 700); // ~1.5 MB, ~2 MB as base64
      expect(big.length).toBeGreaterThan(1024 * 1024);
      const res = await post(alice, id, { role: 'user', images: [big.toString('base64')] }).expect(201);
      expect(res.body.data.image_refs[0]).toMatchObject({ content_type: 'image/png', width: 700, height: 700 });
    });

    it('validates the body: role, content length, content or images required, unknown fields', async () => {
      const id = await startSession(alice);
      await post(alice, id, { role: 'system', content: 'x' }).expect(400);
      await post(alice, id, { role: 'user', content: 'x'.repeat(20_001) }).expect(400);
      const empty = await post(alice, id, { role: 'user', content: '   ' }).expect(400);
      expect(empty.body.errors).toEqual([{ field: 'content', message: 'content or images is required' }]);
      await post(alice, id, { role: 'user', content: 'x', source: 'model' }).expect(400);
      await post(alice, id, { role: 'user', content: 'x', images: 'not-an-array' }).expect(400);
    });

    it('never creates an assistant message by itself; client assistant messages are source client', async () => {
      const id = await startSession(alice);
      await post(alice, id, { role: 'user', content: 'help' }).expect(201);
      const res = await post(alice, id, { role: 'assistant', content: 'Try a reset' }).expect(201);
      expect(res.body.data.source).toBe('client');
      const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data;
      expect(detail.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    });

    it('deletes one message', async () => {
      const id = await startSession(alice);
      const m = (await post(alice, id, { role: 'user', content: 'oops' }).expect(201)).body.data;
      await t.http.delete(`/api/chat/sessions/${id}/messages/${m.id}`).set(alice.auth).expect(200);
      await t.http.delete(`/api/chat/sessions/${id}/messages/${m.id}`).set(alice.auth).expect(404);
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data.messages).toEqual([]);
    });
  });

  describe('Idempotency-Key on message POST', () => {
    it('replays the first answer for the same key and body, storing nothing more', async () => {
      const id = await startSession(alice);
      const body = { role: 'user', content: 'retry me' };
      const first = await post(alice, id, body).set('Idempotency-Key', 'key-1').expect(201);
      const again = await post(alice, id, body).set('Idempotency-Key', 'key-1').expect(201);
      expect(again.body).toEqual(first.body);
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data.messages).toHaveLength(1);
      const [row] = (await db.query(`SELECT response_body FROM idempotency_keys WHERE key = 'key-1'`)) as {
        response_body: string;
      }[];
      expect(row.response_body).not.toContain('retry me');
    });

    it('answers 422 for the same key with another body, and scopes keys per user', async () => {
      const id = await startSession(alice);
      await post(alice, id, { role: 'user', content: 'one' }).set('Idempotency-Key', 'key-2').expect(201);
      const conflict = await post(alice, id, { role: 'user', content: 'two' })
        .set('Idempotency-Key', 'key-2')
        .expect(422);
      expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const bobSession = await startSession(bob);
      await post(bob, bobSession, { role: 'user', content: 'one' }).set('Idempotency-Key', 'key-2').expect(201);
    });

    it('answers 409 while the first request is still running, and lets a retry through after a failure', async () => {
      const id = await startSession(alice);
      const body = { role: 'user', content: 'slow' };
      const { requestHash, IdempotencyService } = await import('../src/modules/chat/idempotency.service');
      const claim = await t.app
        .get(IdempotencyService)
        .claim(
          alice.id,
          'POST /api/chat/sessions/:session_id/messages',
          'key-3',
          requestHash({ sessionId: id, dto: body }),
        );
      expect(claim.kind).toBe('proceed');
      const running = await post(alice, id, body).set('Idempotency-Key', 'key-3').expect(409);
      expect(running.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');

      const failing = { role: 'user', images: ['bm90IGFuIGltYWdl'] };
      await post(alice, id, failing).set('Idempotency-Key', 'key-4').expect(400);
      await post(alice, id, failing).set('Idempotency-Key', 'key-4').expect(400); // released, not stuck at 409
      await post(alice, id, body).set('Idempotency-Key', 'x'.repeat(300)).expect(400);
    });
  });

  describe('isolation between users', () => {
    it("answers 404 on every route for another user's session, leaking nothing", async () => {
      const id = await startSession(alice, { title: 'Alice private' });
      const m = (await post(alice, id, { role: 'user', content: 'mine', images: [dataUrl(await png())] }).expect(201))
        .body.data;
      const expectNotFound = async (res: { status: number; body: { code: string } }): Promise<void> => {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('SESSION_NOT_FOUND');
      };
      await expectNotFound(await t.http.get(`/api/chat/sessions/${id}`).set(bob.auth));
      await expectNotFound(await t.http.put(`/api/chat/sessions/${id}`).set(bob.auth).send({ title: 'x' }));
      await expectNotFound(await t.http.delete(`/api/chat/sessions/${id}`).set(bob.auth));
      await expectNotFound(await post(bob, id, { role: 'user', content: 'intrude' }));
      await expectNotFound(await t.http.delete(`/api/chat/sessions/${id}/messages/${m.id}`).set(bob.auth));
      // Only Alice is handed the signed URL; Bob, with his own token, cannot read the image.
      await expectNotFound(await t.http.get(m.image_refs[0].url.split('?')[0]).set(bob.auth));
      const unknown = await t.http.get(`/api/chat/sessions/${randomUUID()}`).set(bob.auth).expect(404);
      expect(unknown.body.message).toBe('Chat session not found');
      const list = (await t.http.get('/api/chat/sessions').set(bob.auth)).body.data.items;
      expect(list.map((s: { id: string }) => s.id)).not.toContain(id);
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth)).body.data.messages).toHaveLength(1);
      await t.http.get('/api/chat/sessions/not-a-uuid').set(alice.auth).expect(400);
      await t.http.get('/api/chat/sessions').expect(401);
    });
  });

  describe('deletion', () => {
    it('deletes a session with its messages, leaving no orphan rows', async () => {
      const id = await startSession(alice);
      await post(alice, id, { role: 'user', content: 'a', images: [dataUrl(await png())] }).expect(201);
      await post(alice, id, { role: 'assistant', content: 'b' }).expect(201);
      const res = await t.http.delete(`/api/chat/sessions/${id}`).set(alice.auth).expect(200);
      expect(res.body).toEqual({ status: 'success', data: null, message: 'Session deleted' });
      expect(await db.query('SELECT 1 FROM chat_messages WHERE session_id = $1', [id])).toHaveLength(0);
      await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth).expect(404);
    });

    it("deleting the account deletes the user's sessions and messages", async () => {
      const carol = await registerUser(t, 'carol');
      const id = await startSession(carol);
      await post(carol, id, { role: 'user', content: 'bye' }).expect(201);
      await t.http.delete('/api/users/me').set(carol.auth).send({ password: carol.password }).expect(200);
      expect(await db.query('SELECT 1 FROM chat_sessions WHERE id = $1', [id])).toHaveLength(0);
      expect(await db.query('SELECT 1 FROM chat_messages WHERE session_id = $1', [id])).toHaveLength(0);
    });
  });

  describe('legacy and damaged rows', () => {
    it('reads a row inserted by the legacy Python backend (id, session_id, role, content, created_at)', async () => {
      const id = await startSession(alice);
      const token = execFileSync(
        'python3',
        [
          '-c',
          `import sys; from cryptography.fernet import Fernet; print(Fernet(b"${KEY}").encrypt(sys.stdin.read().encode()).decode())`,
        ],
        { input: 'Legacy message: fridge 5E', encoding: 'utf8' },
      ).trim();
      const legacyId = randomUUID();
      await db.query(
        `INSERT INTO chat_messages (id, session_id, role, content, created_at) VALUES ($1, $2, 'user', $3, now() - interval '1 day')`,
        [legacyId, id, token],
      );
      const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth).expect(200)).body.data;
      expect(detail.messages).toEqual([
        {
          id: legacyId,
          session_id: id,
          role: 'user',
          content: 'Legacy message: fridge 5E',
          images: [],
          image_refs: [],
          structured: null,
          source: 'client',
          created_at: expect.any(String),
        },
      ]);
    });

    it('flags a message that cannot be decrypted without taking the session down', async () => {
      const id = await startSession(alice);
      const good = (await post(alice, id, { role: 'user', content: 'fine' }).expect(201)).body.data;
      const bad = (await post(alice, id, { role: 'user', content: 'tampered' }).expect(201)).body.data;
      const otherKey = new FernetKey(Buffer.alloc(32, 9).toString('base64url') + '=');
      const garbled = (await post(alice, id, { role: 'user', content: 'garbled' }).expect(201)).body.data;
      const after = (await post(alice, id, { role: 'assistant', content: 'still fine' }).expect(201)).body.data;
      await db.query('UPDATE chat_messages SET content = $2 WHERE id = $1', [bad.id, otherKey.encrypt('unknown key')]);
      await db.query('UPDATE chat_messages SET content = $2 WHERE id = $1', [garbled.id, 'not a Fernet token!']);
      const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth).expect(200)).body.data;
      const byId = Object.fromEntries(detail.messages.map((m: { id: string }) => [m.id, m]));
      // The contents are opened in one batch: the bad ones in the middle spoil nothing around them.
      expect(byId[good.id]).toMatchObject({ content: 'fine' });
      expect(byId[good.id]).not.toHaveProperty('decryption_error');
      expect(byId[bad.id]).toMatchObject({ content: null, decryption_error: true });
      expect(byId[garbled.id]).toMatchObject({ content: null, decryption_error: true });
      expect(byId[after.id]).toMatchObject({ content: 'still fine' });
      expect(byId[after.id]).not.toHaveProperty('decryption_error');
    });

    it('reads rows loaded by TypeORM with undecryptable values as empty, and keeps writing around them', async () => {
      const id = await startSession(alice);
      await post(alice, id, { role: 'user', content: 'Dryer makes a grinding noise' }).expect(201);
      const otherKey = new FernetKey(Buffer.alloc(32, 7).toString('base64url') + '=');
      await db.query('UPDATE chat_sessions SET title = $2 WHERE id = $1', [id, otherKey.encrypt('lost title')]);
      await t.http.patch('/api/users/me').set(alice.auth).send({ phone: '+90 555 010 2030' }).expect(200);
      await db.query('UPDATE users SET phone = $2 WHERE id = $1', [alice.id, 'not a Fernet token!']);

      // A list (query builder), a detail (hand-hydrated) and the profile (findOneBy): empty, nothing else lost.
      const listed = (await t.http.get('/api/chat/sessions').set(alice.auth).expect(200)).body.data;
      expect(listed.items.find((s: { id: string }) => s.id === id)).toMatchObject({ id, title: null });
      const detail = (await t.http.get(`/api/chat/sessions/${id}`).set(alice.auth).expect(200)).body.data;
      expect(detail).toMatchObject({ title: null, message_count: 1 });
      expect(detail.messages[0]).toMatchObject({ content: 'Dryer makes a grinding noise' });
      const me = (await t.http.get('/api/users/me').set(alice.auth).expect(200)).body.data;
      expect(me).toMatchObject({ email: alice.email, phone: null });

      // Writes through the same rows still work; the undecryptable ciphertext stays as it was.
      await post(alice, id, { role: 'user', content: 'Still grinding' }).expect(201);
      await t.http.patch('/api/users/me').set(alice.auth).send({ full_name: 'Alice A.' }).expect(200);
      const [row] = (await db.query('SELECT phone FROM users WHERE id = $1', [alice.id])) as { phone: string }[];
      expect(row.phone).toBe('not a Fernet token!');
      await t.http.patch('/api/users/me').set(alice.auth).send({ phone: '+90 555 010 2031' }).expect(200);
      expect((await t.http.get('/api/users/me').set(alice.auth).expect(200)).body.data.phone).toBe('+90 555 010 2031');
    });
  });
});
