import { DataSource } from 'typeorm';
import { FernetKey } from '../src/common/crypto/fernet';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { newSession } from './support/chat';

describe('Chat feedback (customers)', () => {
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

  const startSession = (user: LoggedIn, title?: string): Promise<string> => newSession(t, user, title ? { title } : {});

  it('creates (201) then updates (200) the one feedback per user and session, encrypting free text', async () => {
    const sessionId = await startSession(alice, 'Fridge not cooling');
    const created = await t.http
      .post('/api/chat/feedback')
      .set(alice.auth)
      .send({ session_id: sessionId, rating: 4, comment: 'Helpful, the fan was blocked' })
      .expect(201);
    expect(created.body.data).toMatchObject({
      session_id: sessionId,
      rating: 4,
      comment: 'Helpful, the fan was blocked',
      session_title: 'Fridge not cooling',
    });
    const updated = await t.http
      .post('/api/chat/feedback')
      .set(alice.auth)
      .send({ session_id: sessionId, rating: 2, session_title: 'Renamed' })
      .expect(200);
    expect(updated.body.data).toMatchObject({
      id: created.body.data.id,
      rating: 2,
      comment: null,
      session_title: 'Renamed',
    });
    const rows = (await db.query('SELECT rating, comment, session_title FROM chat_feedback WHERE session_id = $1', [
      sessionId,
    ])) as {
      rating: number;
      session_title: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].rating).toBe(2);
    expect(rows[0].session_title).not.toContain('Renamed');
    expect(new FernetKey(process.env.ENCRYPTION_KEY ?? '').decrypt(rows[0].session_title).toString()).toBe('Renamed');

    const one = await t.http.get(`/api/chat/feedback/${sessionId}`).set(alice.auth).expect(200);
    expect(one.body.data.rating).toBe(2);
  });

  it('validates rating, comment length and unknown fields', async () => {
    const sessionId = await startSession(alice);
    for (const body of [
      { session_id: sessionId, rating: 0 },
      { session_id: sessionId, rating: 6 },
      { session_id: sessionId, rating: 3.5 },
      { session_id: sessionId, rating: 3, comment: 'x'.repeat(2001) },
      { session_id: sessionId, rating: 3, user_id: bob.id },
      { session_id: '', rating: 3 },
      { session_id: 'x'.repeat(256), rating: 3 },
      { session_id: 42, rating: 3 },
      { rating: 3 },
    ]) {
      await t.http.post('/api/chat/feedback').set(alice.auth).send(body).expect(400);
    }
    await t.http.get(`/api/chat/feedback/${sessionId}`).set(alice.auth).expect(404);
  });

  it('keeps any other session reference as the caller’s own (the legacy app rated sessions it kept locally)', async () => {
    const reference = 'yerel/oturum 42 – çamaşır?';
    const created = await t.http
      .post('/api/chat/feedback')
      .set(alice.auth)
      .send({ session_id: reference, rating: 4, comment: 'İyi' })
      .expect(201);
    expect(created.body.data).toMatchObject({ session_id: reference, rating: 4, comment: 'İyi', session_title: null });
    await t.http.post('/api/chat/feedback').set(alice.auth).send({ session_id: reference, rating: 2 }).expect(200);
    const read = await t.http
      .get(`/api/chat/feedback/${encodeURIComponent(reference)}`)
      .set(alice.auth)
      .expect(200);
    expect(read.body.data).toMatchObject({ id: created.body.data.id, session_id: reference, rating: 2 });
    await t.http
      .get(`/api/chat/feedback/${encodeURIComponent(reference)}`)
      .set(bob.auth)
      .expect(404);
    await t.http
      .get(`/api/chat/feedback/${'x'.repeat(256)}`)
      .set(alice.auth)
      .expect(400);
    const rows = (await db.query('SELECT session_id, session_ref FROM chat_feedback WHERE id = $1', [
      created.body.data.id,
    ])) as { session_id: string | null; session_ref: string }[];
    expect(rows).toEqual([{ session_id: null, session_ref: reference }]);
  });

  it("never links to or shows another user's session or feedback, and lists only your own, newest first", async () => {
    const aliceSession = await startSession(alice);
    await t.http.post('/api/chat/feedback').set(alice.auth).send({ session_id: aliceSession, rating: 5 }).expect(201);
    // Bob naming Alice's session only records a reference of his own; Alice's feedback is untouched.
    const bobsOwn = await t.http
      .post('/api/chat/feedback')
      .set(bob.auth)
      .send({ session_id: aliceSession, rating: 1 })
      .expect(201);
    expect(bobsOwn.body.data).toMatchObject({ session_id: aliceSession, rating: 1, session_title: null });
    expect((await t.http.get(`/api/chat/feedback/${aliceSession}`).set(alice.auth).expect(200)).body.data.rating).toBe(
      5,
    );
    expect((await t.http.get(`/api/chat/feedback/${aliceSession}`).set(bob.auth).expect(200)).body.data.rating).toBe(1);
    const linked = (await db.query('SELECT user_id, session_id, session_ref FROM chat_feedback WHERE session_id = $1', [
      aliceSession,
    ])) as { user_id: string }[];
    expect(linked.map((r) => r.user_id)).toEqual([alice.id]);
    await db.query('DELETE FROM chat_feedback WHERE user_id = $1', [bob.id]);

    const bobSessions = [await startSession(bob), await startSession(bob), await startSession(bob)];
    for (const id of bobSessions) {
      await t.http.post('/api/chat/feedback').set(bob.auth).send({ session_id: id, rating: 3 }).expect(201);
    }
    const page1 = (await t.http.get('/api/chat/feedback?limit=2').set(bob.auth).expect(200)).body.data;
    const page2 = (await t.http.get(`/api/chat/feedback?limit=2&cursor=${page1.next_cursor}`).set(bob.auth).expect(200))
      .body.data;
    expect([...page1.items, ...page2.items].map((f: { session_id: string }) => f.session_id)).toEqual(
      [...bobSessions].reverse(),
    );
    await t.http.get('/api/chat/feedback?limit=201').set(bob.auth).expect(400);
  });

  it('goes with the session when the customer deletes it', async () => {
    const sessionId = await startSession(alice);
    await t.http.post('/api/chat/feedback').set(alice.auth).send({ session_id: sessionId, rating: 1 }).expect(201);
    await t.http.delete(`/api/chat/sessions/${sessionId}`).set(alice.auth).expect(200);
    expect(await db.query('SELECT 1 FROM chat_feedback WHERE session_id = $1', [sessionId])).toHaveLength(0);
  });

  it('is for logged-in users only', async () => {
    await t.http.get('/api/chat/feedback').expect(401);
    const technician = await createUserWithRole(t, 'technician');
    await t.http.get('/api/chat/feedback').set(technician.auth).expect(200);
  });
});
