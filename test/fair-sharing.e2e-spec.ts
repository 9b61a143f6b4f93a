import { AddressInfo, connect, Socket } from 'node:net';
import { dataUrl, png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, registerUser } from './support/users';

/** A request whose headers are sent and whose body is held back until `finish()`. */
interface HeldRequest {
  /** The server's whole answer, once it closes or answers. */
  answer: Promise<string>;
  finish: () => void;
  socket: Socket;
}

function holdRequest(port: number, path: string, auth: string, body: string): Promise<HeldRequest> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      const answer = new Promise<string>((done) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/\r\n\r\n[\s\S]*\}$/.test(text)) {
            done(text);
          }
        });
        socket.once('close', () => done(text));
      });
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
      );
      resolve({ answer, socket, finish: () => socket.write(body.slice(10)) });
    });
    socket.once('error', reject);
  });
}

/**
 * Per-user concurrency caps (issue 15): taken before the body is read, answered 429 with Retry-After to the
 * user over the cap only; everyone else is served as usual. Capacity rules: on even with rate limits off.
 */
describe('Fair sharing: per-user concurrency caps', () => {
  let t: TestApp;
  let port: number;
  let mallory: LoggedIn;
  let alice: LoggedIn;
  let session: string;
  const held: Socket[] = [];

  beforeAll(async () => {
    t = await bootTestApp({
      env: { RATE_LIMIT_ENABLED: 'false', USER_MAX_CONCURRENT_UPLOADS: '2' },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    mallory = await registerUser(t, 'mallory');
    alice = await registerUser(t, 'alice');
    session = (await t.http.post('/api/chat/sessions').set(mallory.auth).send({ title: 'Flood' }).expect(201)).body.data
      .id;
  });

  afterAll(async () => {
    held.forEach((socket) => socket.destroy());
    delete process.env.USER_MAX_CONCURRENT_UPLOADS;
    delete process.env.RATE_LIMIT_ENABLED;
    await t.close();
  });

  it('refuses a user’s third concurrent upload before reading its body, and serves another user meanwhile', async () => {
    const body = JSON.stringify({ role: 'user', content: 'photo', images: [dataUrl(await png())] });
    const path = `/api/chat/sessions/${session}/messages`;
    const first = await holdRequest(port, path, mallory.auth.Authorization, body);
    const second = await holdRequest(port, path, mallory.auth.Authorization, body);
    held.push(first.socket, second.socket);
    await new Promise((r) => setTimeout(r, 100));

    // The third one: only its headers are ever sent.
    const third = await holdRequest(port, path, mallory.auth.Authorization, body);
    held.push(third.socket);
    const refused = await third.answer;
    expect(refused).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused).toMatch(/retry-after: 1/i);
    expect(refused).toContain('"code":"TOO_MANY_CONCURRENT_REQUESTS"');

    // Alice is not affected by Mallory's held uploads.
    const own = (await t.http.post('/api/chat/sessions').set(alice.auth).send({ title: 'Mine' }).expect(201)).body.data
      .id;
    await t.http
      .post(`/api/chat/sessions/${own}/messages`)
      .set(alice.auth)
      .send({ role: 'user', content: 'photo', images: [dataUrl(await png())] })
      .expect(201);

    // Mallory's held uploads complete normally, and free their slots.
    first.finish();
    second.finish();
    expect(await first.answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(await second.answer).toMatch(/^HTTP\/1\.1 201 /);
    await t.http.post(path).set(mallory.auth).send({ role: 'user', content: 'again' }).expect(201);
  });

  it('gives the slot back when a client goes away mid-upload', async () => {
    const body = JSON.stringify({ role: 'user', content: 'photo', images: [dataUrl(await png())] });
    const path = `/api/chat/sessions/${session}/messages`;
    const gone = await Promise.all([
      holdRequest(port, path, mallory.auth.Authorization, body),
      holdRequest(port, path, mallory.auth.Authorization, body),
    ]);
    await new Promise((r) => setTimeout(r, 100));
    gone.forEach((request) => request.socket.destroy());
    await new Promise((r) => setTimeout(r, 100));
    await t.http.post(path).set(mallory.auth).send({ role: 'user', content: 'back' }).expect(201);
  });

  it('does not count requests without a valid token (they get their 401)', async () => {
    await t.http
      .post(`/api/chat/sessions/${session}/messages`)
      .set('Authorization', 'Bearer not.a.token')
      .send({ role: 'user', content: 'x' })
      .expect(401);
  });
});
