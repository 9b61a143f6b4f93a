import { availableParallelism } from 'node:os';
import { Client, Pool } from 'pg';
import { SealedBlobs } from '../common/crypto/encrypted-columns';
import { FernetKey, FernetKeyring } from '../common/crypto/fernet';
import { ImageMeta } from '../modules/chat/entities/chat-message.entity';
import { ImageProcessor } from '../modules/chat/image-processor';
import { readLimitsConfig } from '../config/configuration';
import {
  bump,
  emptyTableReport,
  ExcludedAccount,
  IMPORTED_TABLES,
  ImportedTable,
  ImportReport,
  TableReport,
} from './import-report';
import { UUID_PATTERN } from '../common/validation/uuid';
import { LegacyUser, mapRole, parseImageList, profileOf, withDefault } from './legacy-mapping';

/** A problem with the command's inputs (keys, databases): exit 2 with this one line. */
export class ImportConfigurationError extends Error {}

/** The migration that made our schema able to hold legacy data; the target must have it. */
export const REQUIRED_MIGRATION = 'LegacyCompatibility1764600000000';

export interface ImportOptions {
  sourceUrl: string;
  targetUrl: string;
  /** The Python app's ENCRYPTION_KEY. */
  legacyKey: FernetKey;
  /** Ours: everything is written under its current key. */
  keyring: FernetKeyring;
  dryRun: boolean;
  /** Rows read per batch (default 500); each batch is written in one transaction. */
  batchSize?: number;
  /** Legacy image bytes per chunk read (default 16 MiB; one larger message is read alone); two chunks are in memory. */
  imageBytesPerBatch?: number;
  progress?: (table: ImportedTable, done: number, total: number) => void;
}

/** The columns we read of each legacy table (older legacy schemas may lack some: they read as null). */
const LEGACY_COLUMNS: Record<ImportedTable, string[]> = {
  users: [
    'id',
    'email',
    'username',
    'hashed_password',
    'full_name',
    'address',
    'phone',
    'preferred_contact_method',
    'skill_level',
    'role',
    'gdpr_consent',
    'referral_source',
    'age_verified',
    'enterprise_id',
    'branch_id',
    'enterprise_role',
    'employee_id',
    'available_tools',
    'owned_products',
    'is_active',
    'created_at',
    'updated_at',
    'google_id',
  ],
  chat_sessions: [
    'id',
    'user_id',
    'session_key',
    'title',
    'problem_solved',
    'technician_dispatched',
    'created_at',
    'updated_at',
    'ended_at',
  ],
  chat_messages: ['id', 'session_id', 'role', 'content', 'created_at'],
  chat_feedback: ['id', 'user_id', 'session_id', 'session_title', 'rating', 'comment', 'created_at', 'updated_at'],
  technician_feedback: [
    'id',
    'technician_id',
    'chat_session_id',
    'rating',
    'comment',
    'diagnosis_correct',
    'parts_sufficient',
    'second_trip_required',
    'ai_diagnosed_problem',
    'ai_recommended_parts',
    'ai_solution_strategy',
    'actual_problem',
    'actual_reason',
    'actual_solution',
    'actual_parts_needed',
    'field_trip_was_required',
    'created_at',
    'updated_at',
  ],
};

/** Columns whose values are text (uuid columns are read as text, so ids compare as strings). */
const UUID_COLUMNS = new Set([
  'id',
  'user_id',
  'session_id',
  'technician_id',
  'chat_session_id',
  'enterprise_id',
  'branch_id',
]);

type Row = Record<string, unknown>;

/** A legacy row ready to write: its id, the mappings it was carried with, and (lazily) our column values. */
interface Pending {
  id: string;
  mappings: string[];
  values: () => unknown[] | Promise<unknown[]>;
}

interface Insert {
  table: ImportedTable;
  columns: string[];
  /** Column SQL types for the unnest-free VALUES list (casts where pg cannot infer). */
  casts?: Record<string, string>;
}

const MESSAGE_ROLES = new Set(['user', 'assistant']);

/**
 * Copies the Python backend's users, chats and feedback into our schema, keeping ids and timestamps,
 * re-encrypting what it encrypted and encrypting what it kept in plain text. Reads in id order, `batchSize`
 * rows at a time, and writes each batch in one transaction that skips ids already present: a rerun adds
 * nothing, and a run killed at any point resumes where its last committed batch ended.
 */
export class LegacyImporter {
  private readonly source: Client;
  private readonly target: Pool;
  private readonly images = new ImageProcessor(readLimitsConfig(process.env));
  private readonly report: ImportReport;
  private readonly tables = new Map<ImportedTable, TableReport>();
  private readonly batchSize: number;
  private readonly imageBytesPerBatch: number;
  /** Legacy tables and the columns each has. */
  private readonly legacyColumns = new Map<string, Set<string>>();
  /** Accounts not imported: id → its report entry. */
  private readonly excluded = new Map<string, ExcludedAccount>();
  /** Sessions not imported (their owner was not): id → owner id. */
  private readonly sessionsNotCarried = new Map<string, string>();

  constructor(private readonly options: ImportOptions) {
    this.source = new Client({ connectionString: options.sourceUrl, connectionTimeoutMillis: 10_000 });
    this.target = new Pool({ connectionString: options.targetUrl, max: 2, connectionTimeoutMillis: 10_000 });
    // A connection dropped while idle (a restart, an admin) surfaces on the next query as an error that
    // ends the run cleanly; without these listeners it would crash the process with an unhandled event.
    this.source.on('error', () => undefined);
    this.target.on('error', () => undefined);
    this.batchSize = options.batchSize ?? 500;
    this.imageBytesPerBatch = options.imageBytesPerBatch ?? 16 * 1024 * 1024;
    this.report = {
      dry_run: options.dryRun,
      tables: IMPORTED_TABLES.map((table) => {
        const report = emptyTableReport(table);
        this.tables.set(table, report);
        return report;
      }),
      rows_not_carried: [],
      values_not_decrypted: {},
      images: { processed: 0, refused: [] },
      role_mappings: [],
      disabled_accounts: [],
      excluded_accounts: [],
      tables_not_imported: [],
    };
  }

  async run(): Promise<ImportReport> {
    await this.connect();
    try {
      await this.checkTarget();
      await this.readLegacyCatalogue();
      await this.checkLegacyKey();
      await this.excludeCaseDuplicateEmails();
      const totals = await this.countRows();
      await this.importUsers(totals.users);
      await this.importSessions(totals.chat_sessions);
      await this.importMessages(totals.chat_messages);
      await this.importChatFeedback(totals.chat_feedback);
      await this.importTechnicianFeedback(totals.technician_feedback);
      this.report.excluded_accounts = [...this.excluded.values()];
      return this.report;
    } finally {
      await this.source.end().catch(() => undefined);
      await this.target.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    try {
      await this.source.connect();
    } catch (error) {
      throw new ImportConfigurationError(`Cannot connect to the legacy database (--from): ${(error as Error).message}`);
    }
    try {
      await this.target.query('SELECT 1');
    } catch (error) {
      throw new ImportConfigurationError(`Cannot connect to DATABASE_URL: ${(error as Error).message}`);
    }
  }

  private async checkTarget(): Promise<void> {
    const migrated = await this.target
      .query<{ name: string }>('SELECT name FROM migrations WHERE name = $1', [REQUIRED_MIGRATION])
      .then((result) => result.rowCount === 1)
      .catch(() => false);
    if (!migrated) {
      throw new ImportConfigurationError(
        'DATABASE_URL is not migrated to this version (run npm run migration:run against it first)',
      );
    }
  }

  private async readLegacyCatalogue(): Promise<void> {
    const { rows } = await this.source.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
    );
    for (const row of rows) {
      const columns = this.legacyColumns.get(row.table_name) ?? new Set<string>();
      columns.add(row.column_name);
      this.legacyColumns.set(row.table_name, columns);
    }
    if (!this.legacyColumns.get('users')?.has('hashed_password')) {
      throw new ImportConfigurationError(
        'The --from database has no legacy users table (users.hashed_password): is it the Python backend’s database?',
      );
    }
  }

  private async countRows(): Promise<Record<ImportedTable, number>> {
    const totals = {} as Record<ImportedTable, number>;
    for (const [table] of [...this.legacyColumns].sort(([a], [b]) => a.localeCompare(b))) {
      const { rows } = await this.source.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
      const n = Number(rows[0].n);
      if ((IMPORTED_TABLES as readonly string[]).includes(table)) {
        totals[table as ImportedTable] = n;
      } else {
        this.report.tables_not_imported.push({ table, rows: n });
      }
    }
    for (const table of IMPORTED_TABLES) {
      totals[table] ??= 0;
    }
    return totals;
  }

  /**
   * A wrong LEGACY_ENCRYPTION_KEY would carry every encrypted value as unreadable ciphertext: refuse to start
   * when none of a sample of the legacy app's encrypted values opens with it.
   */
  private async checkLegacyKey(): Promise<void> {
    const samples: string[] = [];
    for (const [table, column] of [
      ['chat_messages', 'content'],
      ['users', 'phone'],
      ['users', 'address'],
    ] as const) {
      if (this.legacyColumns.get(table)?.has(column)) {
        const { rows } = await this.source.query<{ value: string }>(
          `SELECT "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL ORDER BY id LIMIT 20`,
        );
        samples.push(...rows.map((row) => row.value));
      }
    }
    const opens = (token: string): boolean => {
      try {
        this.options.legacyKey.decrypt(token);
        return true;
      } catch {
        return false;
      }
    };
    if (samples.length > 0 && !samples.some(opens)) {
      throw new ImportConfigurationError(
        `LEGACY_ENCRYPTION_KEY opens none of ${samples.length} encrypted legacy values: it is not the key the Python backend used`,
      );
    }
  }

  /** An account whose email differs only in case from an earlier one (created first, then by id) is left out. */
  private async excludeCaseDuplicateEmails(): Promise<void> {
    const { rows } = await this.source.query<{ id: string; email: string; first_email: string }>(
      `SELECT id::text AS id, email, first_email FROM (
         SELECT id, email, first_value(email) OVER w AS first_email, row_number() OVER w AS n
           FROM users WINDOW w AS (PARTITION BY lower(trim(email)) ORDER BY created_at NULLS LAST, id::text)
       ) d WHERE n > 1`,
    );
    for (const row of rows) {
      this.exclude(row.id, row.email, `its email differs only in case from an earlier account's (${row.first_email})`);
    }
  }

  private exclude(userId: string, email: string, reason: string): void {
    this.excluded.set(userId, { user_id: userId, email, reason, dependents: {} });
  }

  // ---- reading -------------------------------------------------------------------------------------

  private selectList(table: ImportedTable, extra: string[] = []): string {
    const present = this.legacyColumns.get(table) ?? new Set<string>();
    return [
      ...LEGACY_COLUMNS[table].map((column) => {
        if (!present.has(column)) {
          return `NULL AS "${column}"`;
        }
        return UUID_COLUMNS.has(column) ? `"${column}"::text AS "${column}"` : `"${column}"`;
      }),
      ...extra,
    ].join(', ');
  }

  /** Every row of a legacy table in id order, a batch at a time. */
  private async *batches(table: ImportedTable, extra: string[] = []): AsyncGenerator<Row[]> {
    if (!this.legacyColumns.has(table)) {
      return;
    }
    let after: string | undefined;
    for (;;) {
      const { rows } = await this.source.query<Row>(
        `SELECT ${this.selectList(table, extra)} FROM "${table}"
          ${after === undefined ? '' : 'WHERE id > $2::uuid'} ORDER BY id LIMIT $1`,
        after === undefined ? [this.batchSize] : [this.batchSize, after],
      );
      if (rows.length === 0) {
        return;
      }
      yield rows;
      after = rows[rows.length - 1].id as string;
      if (rows.length < this.batchSize) {
        return;
      }
    }
  }

  /** Ids of `ids` already in our table. */
  private async present(table: ImportedTable, ids: string[]): Promise<Set<string>> {
    const { rows } = await this.target.query<{ id: string }>(
      `SELECT id::text AS id FROM "${table}" WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  // ---- values --------------------------------------------------------------------------------------

  /** Our token for a legacy token's plaintext; a token the legacy key cannot open is kept as it is and counted. */
  private reencrypt(token: unknown, column: string): string | null {
    if (token === null || token === undefined || token === '') {
      return null;
    }
    const plaintext = this.openLegacy(token as string, column);
    return plaintext === undefined ? (token as string) : this.options.keyring.current.encrypt(plaintext);
  }

  private openLegacy(token: string, column: string): Buffer | undefined {
    try {
      return this.options.legacyKey.decrypt(token);
    } catch {
      bump(this.report.values_not_decrypted, column);
      return undefined;
    }
  }

  /** Our token for a value the legacy app stored in plain text. */
  private encrypt(value: unknown): string | null {
    return value === null || value === undefined ? null : this.options.keyring.current.encrypt(String(value));
  }

  // ---- writing -------------------------------------------------------------------------------------

  /**
   * Writes rows (skipping ids already there) as one INSERT, atomic on its own; nothing with --dry-run.
   * Returns rows written.
   */
  private async write(insert: Insert, rows: unknown[][]): Promise<number> {
    if (rows.length === 0) {
      return 0;
    }
    if (this.options.dryRun) {
      return rows.length;
    }
    const columns = insert.columns;
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const cells = row.map((value, i) => {
        params.push(value);
        const cast = insert.casts?.[columns[i]];
        return `$${params.length}${cast ? `::${cast}` : ''}`;
      });
      return `(${cells.join(', ')})`;
    });
    const result = await this.target.query(
      `INSERT INTO "${insert.table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (id) DO NOTHING`,
      params,
    );
    return result.rowCount ?? 0;
  }

  private notCarried(table: ImportedTable, id: string, reason: string): void {
    bump(this.tables.get(table)!.not_carried, reason);
    this.report.rows_not_carried.push({ table, id, reason });
  }

  private dependent(table: ImportedTable, id: string, ownerId: string): void {
    const owner = this.excluded.get(ownerId)!;
    owner.dependents[table] = (owner.dependents[table] ?? 0) + 1;
    this.notCarried(table, id, `its account was not imported (${owner.email})`);
  }

  /** A feedback row's rating when the row can be carried (its author imported, a rating of 1 to 5); else it is reported. */
  private ratedRow(table: ImportedTable, id: string, authorId: string, value: unknown): number | undefined {
    if (this.excluded.has(authorId)) {
      this.dependent(table, id, authorId);
      return undefined;
    }
    const rating = Number(value);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
      this.notCarried(table, id, 'its rating is not a whole number from 1 to 5');
      return undefined;
    }
    return rating;
  }

  /**
   * Writes the rows whose ids are not in the target yet. Values are made only for those (`values` is
   * lazy): a rerun neither re-processes images nor counts a value it did not write again.
   */
  private async finishBatch(
    table: ImportedTable,
    insert: Insert,
    rows: Pending[],
    read: number,
    total: number,
    options: { present?: Set<string>; concurrency?: number } = {},
  ): Promise<void> {
    const report = this.tables.get(table)!;
    const present =
      options.present ??
      (await this.present(
        table,
        rows.map((row) => row.id),
      ));
    const fresh = rows.filter((row) => !present.has(row.id));
    const values = await mapConcurrently(fresh, options.concurrency ?? 1, async (row) => row.values());
    report.imported += await this.write(insert, values);
    report.already_present += rows.length - fresh.length;
    for (const row of rows) {
      for (const mapping of row.mappings) {
        bump(report.mapped, mapping);
      }
    }
    report.read += read;
    this.options.progress?.(table, report.read, total);
  }

  // ---- tables --------------------------------------------------------------------------------------

  private async importUsers(total: number): Promise<void> {
    const insert: Insert = {
      table: 'users',
      columns: [
        'id',
        'email',
        'password_hash',
        'full_name',
        'role',
        'is_active',
        'username',
        'phone',
        'address',
        'profile',
        'locale',
        'created_at',
        'updated_at',
      ],
      casts: { role: 'user_role', profile: 'jsonb' },
    };
    for await (const batch of this.batches('users', ['lower(username) AS username_key'])) {
      const users = batch as unknown as (LegacyUser & { username_key: string | null })[];
      const emails = users.map((u) => u.email.trim().toLowerCase());
      const usernames = users.flatMap((u) => (u.username_key ? [u.username_key] : []));
      const taken = await this.target.query<{ id: string; email: string; username: string | null }>(
        `SELECT id::text AS id, lower(email) AS email, lower(username) AS username FROM users
          WHERE lower(email) = ANY($1) OR lower(username) = ANY($2)`,
        [emails, usernames],
      );
      const emailOwner = new Map(taken.rows.map((r) => [r.email, r.id]));
      const usernameOwner = new Map(taken.rows.flatMap((r) => (r.username ? [[r.username, r.id] as const] : [])));
      const legacyUsernameOwner = await this.firstLegacyUsernameOwners(usernames);
      const rows: Pending[] = [];
      for (const user of users) {
        const email = user.email.trim().toLowerCase();
        if (this.excluded.has(user.id)) {
          this.notCarried('users', user.id, this.excluded.get(user.id)!.reason);
          continue;
        }
        const owner = emailOwner.get(email);
        if (owner !== undefined && owner !== user.id) {
          const reason = 'its email belongs to another account in the target database';
          this.exclude(user.id, user.email, reason);
          this.notCarried('users', user.id, reason);
          continue;
        }
        const mappings: string[] = [];
        const role = mapRole(user.role, user.enterprise_role);
        if (role.listed) {
          mappings.push(`role ${role.from} -> ${role.to}`);
          this.report.role_mappings.push({ user_id: user.id, email, from: role.from, to: role.to });
        }
        let username = user.username;
        if (username !== null && user.username_key !== null) {
          const takenBy = usernameOwner.get(user.username_key) ?? legacyUsernameOwner.get(user.username_key);
          if (takenBy !== undefined && takenBy !== user.id) {
            username = null;
            mappings.push('username left out (taken by another account, ignoring case)');
          } else if (username.length > 50) {
            username = null;
            mappings.push('username left out (over 50 characters)');
          }
        }
        const hasPassword = typeof user.hashed_password === 'string' && user.hashed_password.length > 0;
        let active = user.is_active ?? true;
        if (!hasPassword && active) {
          active = false;
          mappings.push('no password (Google sign-in): imported disabled');
          this.report.disabled_accounts.push({
            user_id: user.id,
            email,
            reason: 'no password (Google sign-in): set one with npm run user:set-password, then enable it',
          });
        }
        const createdAt = user.created_at ?? new Date();
        rows.push({
          id: user.id,
          mappings,
          values: () => [
            user.id,
            email,
            hasPassword ? user.hashed_password : null,
            user.full_name,
            role.to,
            active,
            username,
            this.reencrypt(user.phone, 'users.phone'),
            this.reencrypt(user.address, 'users.address'),
            JSON.stringify(profileOf(user)),
            'tr', // the legacy app's customers write Turkish
            createdAt,
            user.updated_at ?? createdAt,
          ],
        });
      }
      await this.finishBatch('users', insert, rows, batch.length, total);
    }
  }

  /** For usernames of this batch: the legacy account that holds each first (ignoring case), by creation. */
  private async firstLegacyUsernameOwners(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) {
      return new Map();
    }
    const { rows } = await this.source.query<{ key: string; id: string }>(
      `SELECT DISTINCT ON (lower(username)) lower(username) AS key, id::text AS id FROM users
        WHERE lower(username) = ANY($1) ORDER BY lower(username), created_at NULLS LAST, id::text`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.id]));
  }

  private async importSessions(total: number): Promise<void> {
    const insert: Insert = {
      table: 'chat_sessions',
      columns: [
        'id',
        'user_id',
        'title',
        'problem_solved',
        'technician_dispatched',
        'session_key',
        'ended_at',
        'created_at',
        'updated_at',
      ],
    };
    for await (const batch of this.batches('chat_sessions')) {
      const rows: Pending[] = [];
      for (const session of batch) {
        const id = session.id as string;
        const userId = session.user_id as string;
        if (this.excluded.has(userId)) {
          this.sessionsNotCarried.set(id, userId);
          this.dependent('chat_sessions', id, userId);
          continue;
        }
        const createdAt = (session.created_at as Date | null) ?? new Date();
        rows.push({
          id,
          mappings: [],
          values: () => [
            id,
            userId,
            this.encrypt(session.title),
            session.problem_solved ?? false,
            session.technician_dispatched ?? false,
            session.session_key,
            session.ended_at,
            createdAt,
            (session.updated_at as Date | null) ?? createdAt,
          ],
        });
      }
      await this.finishBatch('chat_sessions', insert, rows, batch.length, total);
    }
  }

  private async importMessages(total: number): Promise<void> {
    const insert: Insert = {
      table: 'chat_messages',
      columns: [
        'id',
        'session_id',
        'role',
        'content',
        'images',
        'image_meta',
        'unprocessed_images',
        'source',
        'created_at',
      ],
      casts: { image_meta: 'jsonb' },
    };
    const hasImages = this.legacyColumns.get('chat_messages')?.has('images') ?? false;
    const extra = [hasImages ? 'coalesce(octet_length(images), 0) AS images_length' : '0 AS images_length'];
    for await (const batch of this.batches('chat_messages', extra)) {
      // Images are read in chunks bounded by their size, so memory stays flat whatever the photos weigh;
      // the next chunk is read while this one's photos are processed (sharp works off the event loop).
      const chunks: Row[][] = [];
      let bytes = 0;
      for (const message of batch) {
        const length = Number(message.images_length);
        if (chunks.length === 0 || (chunks[chunks.length - 1].length > 0 && bytes + length > this.imageBytesPerBatch)) {
          chunks.push([]);
          bytes = 0;
        }
        chunks[chunks.length - 1].push(message);
        bytes += length;
      }
      let next = chunks.length > 0 ? this.readMessageChunk(chunks[0]) : undefined;
      for (let i = 0; i < chunks.length; i += 1) {
        const ready = await next!;
        next = i + 1 < chunks.length ? this.readMessageChunk(chunks[i + 1]) : undefined;
        await this.writeMessageChunk(insert, ready, total);
      }
    }
  }

  /** A chunk's messages that can be carried, which of them are already there, and the legacy images of the rest. */
  private async readMessageChunk(
    chunk: Row[],
  ): Promise<{ chunk: Row[]; candidates: Row[]; present: Set<string>; legacyImages: Map<string, string> }> {
    const candidates = chunk.filter((message) => {
      const id = message.id as string;
      const owner = this.sessionsNotCarried.get(message.session_id as string);
      if (owner !== undefined) {
        this.dependent('chat_messages', id, owner);
        return false;
      }
      if (!MESSAGE_ROLES.has(message.role as string)) {
        this.notCarried('chat_messages', id, `role ${String(message.role)} is neither user nor assistant`);
        return false;
      }
      return true;
    });
    const present = await this.present(
      'chat_messages',
      candidates.map((m) => m.id as string),
    );
    // Only messages not yet imported have their images read and processed.
    const withImages = candidates
      .filter((m) => Number(m.images_length) > 0 && !present.has(m.id as string))
      .map((m) => m.id as string);
    const legacyImages = new Map<string, string>();
    if (withImages.length > 0) {
      const { rows } = await this.source.query<{ id: string; images: string }>(
        'SELECT id::text AS id, images FROM chat_messages WHERE id = ANY($1::uuid[])',
        [withImages],
      );
      for (const row of rows) {
        legacyImages.set(row.id, row.images);
      }
    }
    return { chunk, candidates, present, legacyImages };
  }

  private async writeMessageChunk(
    insert: Insert,
    { chunk, candidates, present, legacyImages }: Awaited<ReturnType<LegacyImporter['readMessageChunk']>>,
    total: number,
  ): Promise<void> {
    const rows: Pending[] = candidates.map((message) => {
      const id = message.id as string;
      return {
        id,
        mappings: [],
        values: async () => {
          const images = legacyImages.get(id);
          const carried = images === undefined ? undefined : await this.carryImages(id, images);
          return [
            id,
            message.session_id,
            message.role,
            this.reencrypt(message.content, 'chat_messages.content') ?? this.options.keyring.current.encrypt(''),
            carried?.sealed ?? null,
            carried?.meta === undefined ? null : JSON.stringify(carried.meta),
            carried?.unprocessed ?? null,
            'client',
            (message.created_at as Date | null) ?? new Date(),
          ];
        },
      };
    });
    await this.finishBatch('chat_messages', insert, rows, chunk.length, total, {
      present,
      concurrency: availableParallelism(),
    });
  }

  /**
   * A legacy images value (one Fernet token over a JSON list of data URLs) through our upload pipeline,
   * image by image: what passes is sealed as ours, what is refused is kept as it came (encrypted JSON list).
   */
  private async carryImages(
    messageId: string,
    token: string,
  ): Promise<{ sealed?: Buffer; meta?: ImageMeta[]; unprocessed?: string }> {
    const plaintext = this.openLegacy(token, 'chat_messages.images');
    if (plaintext === undefined) {
      return { unprocessed: token };
    }
    const parsed = parseImageList(plaintext.toString('utf8'));
    if ('error' in parsed) {
      this.report.images.refused.push({
        message_id: messageId,
        index: -1,
        reason: `the images value is ${parsed.error}`,
      });
      return { unprocessed: this.options.keyring.current.encrypt(JSON.stringify([plaintext.toString('utf8')])) };
    }
    const accepted: Buffer[] = [];
    const meta: ImageMeta[] = [];
    const refused: string[] = [];
    for (let index = 0; index < parsed.images.length; index += 1) {
      try {
        const [prepared] = await this.images.prepareAll([parsed.images[index]]);
        accepted.push(prepared.bytes);
        meta.push(prepared.meta);
        this.report.images.processed += 1;
      } catch (error) {
        const reason = (error as Error).message.replace(/^Image 0 /, '');
        this.report.images.refused.push({ message_id: messageId, index, reason });
        refused.push(parsed.images[index]);
      }
    }
    return {
      sealed:
        accepted.length > 0
          ? SealedBlobs.pack(accepted.map((bytes) => this.options.keyring.current.encryptToBytes(bytes)))
          : undefined,
      meta: accepted.length > 0 ? meta : undefined,
      unprocessed: refused.length > 0 ? this.options.keyring.current.encrypt(JSON.stringify(refused)) : undefined,
    };
  }

  private async importChatFeedback(total: number): Promise<void> {
    const insert: Insert = {
      table: 'chat_feedback',
      columns: [
        'id',
        'user_id',
        'session_id',
        'session_ref',
        'rating',
        'comment',
        'session_title',
        'created_at',
        'updated_at',
      ],
    };
    for await (const batch of this.batches('chat_feedback')) {
      const uuids = batch.map((f) => String(f.session_id)).filter((s) => UUID_PATTERN.test(s));
      const owners = new Map<string, string>();
      if (uuids.length > 0 && this.legacyColumns.has('chat_sessions')) {
        const { rows } = await this.source.query<{ id: string; user_id: string }>(
          'SELECT id::text AS id, user_id::text AS user_id FROM chat_sessions WHERE id = ANY($1::uuid[])',
          [uuids],
        );
        for (const row of rows) {
          owners.set(row.id, row.user_id);
        }
      }
      const rows: Pending[] = [];
      for (const feedback of batch) {
        const id = feedback.id as string;
        const userId = feedback.user_id as string;
        const rating = this.ratedRow('chat_feedback', id, userId, feedback.rating);
        if (rating === undefined) {
          continue;
        }
        const reference = String(feedback.session_id);
        const sessionId = reference.toLowerCase();
        const linked = owners.get(sessionId) === userId && !this.sessionsNotCarried.has(sessionId);
        const mappings = linked ? [] : ['session reference kept as given (not one of the customer’s sessions)'];
        const createdAt = (feedback.created_at as Date | null) ?? new Date();
        rows.push({
          id,
          mappings,
          values: () => [
            id,
            userId,
            linked ? sessionId : null,
            linked ? null : reference,
            rating,
            this.encrypt(feedback.comment),
            this.encrypt(feedback.session_title),
            createdAt,
            (feedback.updated_at as Date | null) ?? createdAt,
          ],
        });
      }
      await this.finishBatch('chat_feedback', insert, rows, batch.length, total);
    }
  }

  private async importTechnicianFeedback(total: number): Promise<void> {
    const texts = [
      'comment',
      'ai_diagnosed_problem',
      'ai_recommended_parts',
      'ai_solution_strategy',
      'actual_problem',
      'actual_reason',
      'actual_solution',
      'actual_parts_needed',
    ];
    const insert: Insert = {
      table: 'technician_feedback',
      columns: [
        'id',
        'technician_id',
        'chat_session_id',
        'rating',
        'diagnosis_correct',
        'parts_sufficient',
        'second_trip_required',
        'field_trip_was_required',
        ...texts,
        'created_at',
        'updated_at',
      ],
    };
    for await (const batch of this.batches('technician_feedback')) {
      const rows: Pending[] = [];
      for (const report of batch) {
        const id = report.id as string;
        const technicianId = report.technician_id as string;
        const rating = this.ratedRow('technician_feedback', id, technicianId, report.rating);
        if (rating === undefined) {
          continue;
        }
        const mappings: string[] = [];
        let sessionId = report.chat_session_id as string | null;
        if (sessionId !== null && this.sessionsNotCarried.has(sessionId)) {
          sessionId = null;
          mappings.push('its session was not imported: kept without it');
        }
        const correct = withDefault(report.diagnosis_correct as boolean | null, true);
        const sufficient = withDefault(report.parts_sufficient as boolean | null, true);
        const secondTrip = withDefault(report.second_trip_required as boolean | null, false);
        if (correct.defaulted || sufficient.defaulted || secondTrip.defaulted) {
          mappings.push('an unset flag took the legacy default');
        }
        const createdAt = (report.created_at as Date | null) ?? new Date();
        rows.push({
          id,
          mappings,
          values: () => [
            id,
            technicianId,
            sessionId,
            rating,
            correct.value,
            sufficient.value,
            secondTrip.value,
            report.field_trip_was_required,
            ...texts.map((column) => this.encrypt(report[column])),
            createdAt,
            (report.updated_at as Date | null) ?? createdAt,
          ],
        });
      }
      await this.finishBatch('technician_feedback', insert, rows, batch.length, total);
    }
  }
}

/** `fn` over `items` with at most `limit` running at once, results in order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function runLegacyImport(options: ImportOptions): Promise<ImportReport> {
  return new LegacyImporter(options).run();
}
