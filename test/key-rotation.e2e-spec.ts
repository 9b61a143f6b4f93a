import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FernetKey } from '../src/common/crypto/fernet';
import { dataUrl, png } from './support/images';
import { bootTestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';
import { login, registerUser } from './support/users';

const OLD = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const NEW = Buffer.alloc(32, 42).toString('base64url') + '=';
const ROOT = join(__dirname, '..');

function rotate(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'scripts/keys-rotate.ts', '--batch-size', '2'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

function blobsOpenWith(key: FernetKey, container: Buffer): Buffer[] {
  const blobs: Buffer[] = [];
  for (let offset = 0; offset < container.length;) {
    const length = container.readUInt32BE(offset);
    blobs.push(key.decryptBytes(container.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return blobs;
}

describe('npm run keys:rotate', () => {
  afterAll(() => {
    process.env.ENCRYPTION_KEY = OLD;
    delete process.env.ENCRYPTION_KEYS_PREVIOUS;
  });

  it('re-encrypts every encrypted column under the new key, keeps every row readable, and is resumable', async () => {
    const database = await createTestDatabase();
    try {
      process.env.ENCRYPTION_KEY = OLD;
      const before = await bootTestApp({ databaseUrl: database.url });
      const user = await registerUser(before, 'rotate');
      const sessionIds: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const id = (
          await before.http
            .post('/api/chat/sessions')
            .set(user.auth)
            .send({ title: `Title ${i}` })
            .expect(201)
        ).body.data.id;
        sessionIds.push(id);
        await before.http
          .post(`/api/chat/sessions/${id}/messages`)
          .set(user.auth)
          .set('Idempotency-Key', `rotate-${i}`)
          .send({ role: 'user', content: `message ${i}`, images: [dataUrl(await png(8 + i, 8))] })
          .expect(201);
      }
      await before.app.close();

      const env = { DATABASE_URL: database.url, ENCRYPTION_KEY: NEW, ENCRYPTION_KEYS_PREVIOUS: OLD };
      const first = await rotate(env);
      expect(first.code).toBe(0);
      expect(first.out).toContain('chat_messages (content, images, unprocessed_images, structured): 2/3 rows scanned');
      expect(first.out).toContain('All encrypted columns are under the current key.');

      const raw = new DataSource({ type: 'postgres', url: database.url });
      await raw.initialize();
      try {
        const newKey = new FernetKey(NEW);
        const messages = (await raw.query('SELECT content, images FROM chat_messages')) as {
          content: string;
          images: Buffer;
        }[];
        expect(messages.map((m) => newKey.decrypt(m.content).toString()).sort()).toEqual([
          'message 0',
          'message 1',
          'message 2',
        ]);
        expect(messages.every((m) => blobsOpenWith(newKey, m.images).length === 1)).toBe(true);
        const titles = (await raw.query('SELECT title FROM chat_sessions')) as { title: string }[];
        expect(titles.map((s) => newKey.decrypt(s.title).toString()).sort()).toEqual(['Title 0', 'Title 1', 'Title 2']);
        const keys = (await raw.query('SELECT response_body FROM idempotency_keys')) as { response_body: string }[];
        expect(
          keys.every((k) => JSON.parse(newKey.decrypt(k.response_body).toString()).content.startsWith('message')),
        ).toBe(true);

        const again = await rotate(env);
        expect(again.code).toBe(0);
        expect(again.out).toContain('chat_messages: done (0 re-encrypted, 0 unreadable)');
        const audit = (await raw.query(
          `SELECT actor_id, target_type, details FROM audit_log WHERE action = 'keys.rotated' ORDER BY created_at`,
        )) as { actor_id: string | null; target_type: string; details: Record<string, unknown> }[];
        expect(audit).toHaveLength(2);
        expect(audit[0]).toMatchObject({
          actor_id: null,
          target_type: 'encryption_keys',
          details: { completed: true, unreadable: 0, previous_keys: 1 },
        });
        expect((audit[0].details.re_encrypted as Record<string, number>).chat_messages).toBe(6); // content + image of 3 messages

        const stranger = new FernetKey(Buffer.alloc(32, 3).toString('base64url') + '=');
        const strangeToken = stranger.encrypt('from an unknown key');
        await raw.query(`UPDATE chat_sessions SET title = $1 WHERE id = $2`, [strangeToken, sessionIds[0]]);
        const unreadable = await rotate(env);
        expect(unreadable.code).toBe(3);
        const [{ title }] = (await raw.query('SELECT title FROM chat_sessions WHERE id = $1', [sessionIds[0]])) as {
          title: string;
        }[];
        expect(title).toBe(strangeToken); // left as it was, never lost
      } finally {
        await raw.destroy();
      }

      process.env.ENCRYPTION_KEY = NEW;
      const after = await bootTestApp({ databaseUrl: database.url });
      try {
        const again = await login(after.http, user.email);
        const detail = (await after.http.get(`/api/chat/sessions/${sessionIds[1]}`).set(again.auth).expect(200)).body
          .data;
        expect(detail.messages[0]).toMatchObject({ content: 'message 1' });
        expect(detail.messages[0].images).toHaveLength(1);
        expect(detail.messages[0]).not.toHaveProperty('decryption_error');
        await after.http.get(detail.messages[0].image_refs[0].url).set(again.auth).expect(200);
      } finally {
        await after.app.close();
      }
    } finally {
      await database.drop();
    }
  });
});
