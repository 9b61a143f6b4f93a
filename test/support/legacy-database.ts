import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Client } from 'pg';
import { FernetKey } from '../../src/common/crypto/fernet';
import { createEmptyDatabase } from './test-database';

const FIXTURES = join(__dirname, '..', 'fixtures', 'legacy');

/** Tokens made by Python's `cryptography` (the legacy app's library) under `key`, for interoperability. */
export const PYTHON_FERNET = JSON.parse(readFileSync(join(FIXTURES, 'python-fernet.json'), 'utf8')) as {
  key: string;
  tokens: { phone: string; address: string; content: string };
};
export const LEGACY_KEY = PYTHON_FERNET.key;

/** bcrypt `$2b$` as passlib writes it. */
export function legacyHash(password: string): string {
  return bcrypt.hashSync(password, bcrypt.genSaltSync(10));
}

/**
 * A database shaped like the Python backend's (test/fixtures/legacy/schema.sql), with rows written as
 * it writes them: message content and images, phone and address Fernet-encrypted under LEGACY_KEY,
 * titles, comments and report texts in plain text.
 */
export class LegacyDatabase {
  readonly key = new FernetKey(LEGACY_KEY);

  private constructor(
    readonly url: string,
    readonly client: Client,
    readonly drop: () => Promise<void>,
  ) {}

  static async create(): Promise<LegacyDatabase> {
    const database = await createEmptyDatabase('legacy');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(readFileSync(join(FIXTURES, 'schema.sql'), 'utf8'));
    return new LegacyDatabase(database.url, client, async () => {
      await client.end();
      await database.drop();
    });
  }

  encrypt(text: string): string {
    return this.key.encrypt(text);
  }

  private async insert(table: string, row: Record<string, unknown>): Promise<string> {
    const id = (row.id as string | undefined) ?? randomUUID();
    const entries = Object.entries({ id, ...row });
    await this.client.query(
      `INSERT INTO ${table} (${entries.map(([k]) => k).join(', ')}) VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')})`,
      entries.map(([, v]) =>
        v !== null && typeof v === 'object' && !((v as object) instanceof Date) ? JSON.stringify(v) : v,
      ),
    );
    return id;
  }

  user(row: Record<string, unknown> & { email: string }): Promise<string> {
    return this.insert('users', {
      username: row.email.split('@')[0],
      hashed_password: null,
      role: 'user',
      is_active: true,
      gdpr_consent: true,
      age_verified: true,
      skill_level: 1,
      available_tools: [],
      owned_products: [],
      ...row,
    });
  }

  session(userId: string, row: Record<string, unknown> = {}): Promise<string> {
    return this.insert('chat_sessions', {
      user_id: userId,
      message_count: 0,
      problem_solved: false,
      technician_dispatched: false,
      ...row,
    });
  }

  /** `content` and `images` as plaintext: encrypted here the way the Python model's setters do. */
  message(
    sessionId: string,
    row: { role?: string; content?: string | null; images?: string[] | null; raw?: Record<string, unknown> } = {},
  ): Promise<string> {
    return this.insert('chat_messages', {
      session_id: sessionId,
      role: row.role ?? 'user',
      content: row.content ? this.encrypt(row.content) : null,
      images: row.images && row.images.length > 0 ? this.encrypt(JSON.stringify(row.images)) : null,
      ...row.raw,
    });
  }

  chatFeedback(userId: string, sessionId: string, row: Record<string, unknown> = {}): Promise<string> {
    return this.insert('chat_feedback', { user_id: userId, session_id: sessionId, rating: 5, ...row });
  }

  technicianFeedback(technicianId: string, row: Record<string, unknown> = {}): Promise<string> {
    // The ORM's column defaults, as the Python app would have written them.
    return this.insert('technician_feedback', {
      technician_id: technicianId,
      rating: 4,
      diagnosis_correct: true,
      parts_sufficient: true,
      second_trip_required: false,
      ...row,
    });
  }

  other(table: string, row: Record<string, unknown>): Promise<string> {
    return this.insert(table, row);
  }
}
