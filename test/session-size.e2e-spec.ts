import { DataSource } from 'typeorm';
import { dataUrl, noisyPng, png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { newSession, postMessage } from './support/chat';
import { dispatchSession } from './support/dispatch';

const MIB = 1024 * 1024;

/**
 * Bounded session size and bounded reads (issue 15): SESSION_MAX_BYTES refuses the message that would
 * pass it; GET session still lists every message but inlines image bytes only up to
 * READ_INLINE_IMAGE_BYTES, the rest as signed URLs.
 */
describe('Session size and bounded session reads', () => {
  let t: TestApp;
  let db: DataSource;
  let customer: LoggedIn;
  let photo: string;
  let photoBytes: number;

  beforeAll(async () => {
    t = await bootTestApp({
      // Six posts at once in one test: above the per-user cap of concurrent uploads, raised here.
      env: {
        SESSION_MAX_BYTES: String(MIB),
        READ_INLINE_IMAGE_BYTES: String(400 * 1024),
        USER_MAX_CONCURRENT_UPLOADS: '10',
      },
    });
    db = t.app.get(DataSource);
    customer = await registerUser(t, 'size');
    // Noise does not compress: about 300 KB as stored.
    const bytes = await noisyPng(320, 320);
    photo = dataUrl(bytes);
    photoBytes = bytes.length;
  });

  afterAll(async () => {
    delete process.env.SESSION_MAX_BYTES;
    delete process.env.READ_INLINE_IMAGE_BYTES;
    delete process.env.USER_MAX_CONCURRENT_UPLOADS;
    await t.close();
  });

  const startSession = (): Promise<string> => newSession(t, customer, { title: 'Size' });
  const post = (id: string, images: string[], content = 'photo') =>
    postMessage(t, customer, id, { role: 'user', content, images });
  const storedBytes = async (id: string): Promise<number> =>
    Number((await db.query('SELECT stored_bytes FROM chat_sessions WHERE id = $1', [id]))[0].stored_bytes);

  it('refuses the message that would take a session past SESSION_MAX_BYTES with 413, storing nothing', async () => {
    const id = await startSession();
    let accepted = 0;
    let refused: { status: number; body: { code?: string } } | undefined;
    while (refused === undefined && accepted < 10) {
      const res = await post(id, [photo]);
      if (res.status === 201) {
        accepted += 1;
      } else {
        refused = res;
      }
    }
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(refused?.status).toBe(413);
    expect(refused?.body).toMatchObject({ status: 'error', code: 'SESSION_TOO_LARGE' });
    const before = await storedBytes(id);
    expect(before).toBeLessThanOrEqual(MIB);
    expect(before).toBeGreaterThan(accepted * photoBytes);

    // What still fits is taken; the session stays readable with every message.
    await post(id, [], 'a short question').expect(201);
    const detail = await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth).expect(200);
    expect(detail.body.data.messages).toHaveLength(accepted + 1);

    // Deleting a message frees its bytes (counted by the database's triggers).
    const first = detail.body.data.messages[0].id;
    await t.http.delete(`/api/chat/sessions/${id}/messages/${first}`).set(customer.auth).expect(200);
    expect(await storedBytes(id)).toBeLessThan(before);
    await post(id, [photo]).expect(201);
  });

  it('counts concurrent posts exactly: together they never pass the limit', async () => {
    const id = await startSession();
    const results = await Promise.all(Array.from({ length: 6 }, () => post(id, [photo])));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s !== 201 && s !== 413)).toEqual([]);
    expect(await storedBytes(id)).toBeLessThanOrEqual(MIB);
    const sum = Number(
      (
        await db.query(
          `SELECT sum(octet_length(content) + coalesce(octet_length(images), 0) + coalesce(octet_length(structured), 0))
             AS n FROM chat_messages WHERE session_id = $1`,
          [id],
        )
      )[0].n,
    );
    expect(await storedBytes(id)).toBe(sum);
  });

  it('inlines images up to READ_INLINE_IMAGE_BYTES, then gives signed URLs that show the same image', async () => {
    const id = await startSession();
    await post(id, [photo]).expect(201);
    await post(id, [dataUrl(await png()), photo]).expect(201);
    const detail = await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth).expect(200);
    const [first, second] = detail.body.data.messages;
    expect(first.images[0]).toMatch(/^data:image\/png;base64,/);
    // 300 KB used of 400 KB: the small PNG still fits, the second photo does not.
    expect(second.images[0]).toMatch(/^data:image\/png;base64,/);
    expect(second.images[1]).toBe(second.image_refs[1].url);
    const fetched = await t.http.get(second.images[1]).buffer(true).expect(200);
    expect(fetched.body.length).toBe(second.image_refs[1].bytes);

    // Without images nothing changes: empty lists, URLs in image_refs.
    const bare = await t.http.get(`/api/chat/sessions/${id}`).query({ include_images: false }).set(customer.auth);
    expect(bare.body.data.messages[1].images).toEqual([]);
  });

  it('applies the same budget to a technician’s read of a dispatched session', async () => {
    const id = await startSession();
    await post(id, [photo, photo]).expect(201);
    const tech = await createUserWithRole(t, 'technician', 'size-tech');
    const admin = await createUserWithRole(t, 'admin', 'size-admin');
    await dispatchSession(t, admin, id, tech.id).expect(200);
    const detail = await t.http.get(`/api/technicians/sessions/${id}`).set(tech.auth).expect(200);
    const [message] = detail.body.data.messages;
    expect(message.images[0]).toMatch(/^data:/);
    expect(message.images[1]).toMatch(/^\/api\/technicians\/sessions\/.*\?exp=/);
    await t.http.get(message.images[1]).expect(200);
  });
});
