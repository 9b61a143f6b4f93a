import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { In, Repository } from 'typeorm';
import { SealedBlobs, settleLoaded } from '../../common/crypto/encrypted-columns';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { NamedStatement, runStatement } from '../../database/statement';
import { Transactions, runInContext } from '../../database/transactions';
import { ChatMessageEntity, ENCRYPTED_MESSAGE_COLUMNS } from './entities/chat-message.entity';
import { ChatSessionEntity, ENCRYPTED_SESSION_COLUMNS } from './entities/chat-session.entity';

/**
 * The session read: the session's row first and alone, then its messages oldest first (see
 * findSessionWithMessages), without the (large) images column: imagesOf reads that for the messages a
 * response needs.
 */
const SESSION_READ: NamedStatement = {
  name: 'chat_session_read',
  text: `WITH s AS (
           SELECT id, user_id, title, problem_solved, technician_dispatched, session_key, created_at, updated_at
             FROM chat_sessions WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)
         )
         SELECT s.id AS s_id, s.user_id AS s_user_id, s.title AS s_title, s.problem_solved AS s_problem_solved,
                s.technician_dispatched AS s_technician_dispatched, s.session_key AS s_session_key,
                s.created_at AS s_created_at, s.updated_at AS s_updated_at,
                NULL::uuid AS m_id, NULL::varchar AS m_role, NULL::text AS m_content,
                NULL::jsonb AS m_image_meta, NULL::text AS m_structured, NULL::varchar AS m_source,
                NULL::timestamptz AS m_created_at
           FROM s
         UNION ALL
         SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                m.id, m.role, m.content, m.image_meta, m.structured, m.source,
                m.created_at
           FROM chat_messages m JOIN s ON m.session_id = s.id
         ORDER BY m_created_at NULLS FIRST, m_id`,
};

/** Bytes a column value takes as stored (octet_length), as the SessionStoredBytes triggers count it. */
function storedSize(value: unknown): number {
  if (value === null || value === undefined) {
    return 0;
  }
  return Buffer.isBuffer(value) ? value.length : Buffer.byteLength(String(value));
}

/**
 * Appends a message to the user's session in one statement (see appendMessage), unless it would take the
 * session's stored bytes past $11 (checked on the locked row, so concurrent posts cannot overshoot; the
 * triggers of migration SessionStoredBytes add the message's bytes). GREATEST: two
 * concurrent posts take the row lock in either order, and now() is each transaction's start, so a plain
 * now() could move updated_at back behind a message (found by the fault tests); the session's
 * updated_at never precedes any of its messages.
 */
const APPEND_MESSAGE: NamedStatement = {
  name: 'chat_append_message',
  text: `WITH s AS (
           UPDATE chat_sessions SET updated_at = GREATEST(updated_at, now()), title = COALESCE(title, $7)
            WHERE id = $1 AND user_id = $2 AND ($11::bigint IS NULL OR stored_bytes + $10::bigint <= $11::bigint)
            RETURNING id
         )
         INSERT INTO chat_messages (session_id, role, content, images, image_meta, source, structured)
         SELECT s.id, $3, $4, $5, $6::jsonb, $8, $9 FROM s
         RETURNING id, created_at`,
};

export interface SessionFilters {
  sessionKey?: string;
  problemSolved?: boolean;
  technicianDispatched?: boolean;
}

/** A message's column that cannot be decrypted reads as empty: "" for its required content, null otherwise. */
const messageEmptyValue = (property: string): null | '' => (property === 'content' ? '' : null);

export interface SessionStats {
  count: number;
  lastAt: Date | null;
}

@Injectable()
export class ChatRepository {
  constructor(
    @InjectRepository(ChatSessionEntity) private readonly sessions: Repository<ChatSessionEntity>,
    @InjectRepository(ChatMessageEntity) private readonly messages: Repository<ChatMessageEntity>,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  createSession(fields: Pick<ChatSessionEntity, 'userId' | 'title' | 'sessionKey'>): Promise<ChatSessionEntity> {
    return this.sessions.save(this.sessions.create(fields));
  }

  /** The session if it belongs to the user; another user's session is indistinguishable from none. */
  findSessionForUser(id: string, userId: string): Promise<ChatSessionEntity | null> {
    return this.transactions.tx.getRepository(ChatSessionEntity).findOneBy({ id, userId });
  }

  findSessionById(id: string): Promise<ChatSessionEntity | null> {
    return this.transactions.tx.getRepository(ChatSessionEntity).findOneBy({ id });
  }

  findSessionsByIds(ids: string[]): Promise<ChatSessionEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.sessions.findBy({ id: In(ids) });
  }

  /** Newest first, keyset on (created_at, id), limit + 1 rows. */
  listSessions(
    userId: string,
    filters: SessionFilters,
    limit: number,
    after?: CursorPosition,
  ): Promise<ChatSessionEntity[]> {
    const query = this.sessions.createQueryBuilder('s').where('s.user_id = :userId', { userId });
    if (filters.sessionKey !== undefined) {
      query.andWhere('s.session_key = :sessionKey', { sessionKey: filters.sessionKey });
    }
    if (filters.problemSolved !== undefined) {
      query.andWhere('s.problem_solved = :problemSolved', { problemSolved: filters.problemSolved });
    }
    if (filters.technicianDispatched !== undefined) {
      query.andWhere('s.technician_dispatched = :technicianDispatched', {
        technicianDispatched: filters.technicianDispatched,
      });
    }
    return newestFirstPage(query, { sort: 's.created_at', id: 's.id' }, limit, after).getMany();
  }

  /** Message count and latest message time per session, one grouped index scan. */
  async statsFor(sessionIds: string[]): Promise<Map<string, SessionStats>> {
    const stats = new Map<string, SessionStats>();
    if (sessionIds.length === 0) {
      return stats;
    }
    const rows = (await this.messages.query(
      `SELECT session_id, count(*)::int AS count, max(created_at) AS last_at
         FROM chat_messages WHERE session_id = ANY($1::uuid[]) GROUP BY session_id`,
      [sessionIds],
    )) as { session_id: string; count: number; last_at: Date | string }[];
    for (const row of rows) {
      stats.set(row.session_id, { count: Number(row.count), lastAt: new Date(row.last_at) });
    }
    return stats;
  }

  async updateSession(
    id: string,
    fields: Partial<Pick<ChatSessionEntity, 'title' | 'problemSolved' | 'technicianDispatched' | 'endedAt'>>,
  ): Promise<void> {
    // The update builder runs the title through its encrypting transformer; updated_at is always bumped.
    await this.transactions.tx
      .getRepository(ChatSessionEntity)
      .createQueryBuilder()
      .update()
      .set({ ...fields, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  /** Whether the user has this session (after appendMessage refused: missing, or full). */
  async sessionExists(id: string, userId: string): Promise<boolean> {
    return this.sessions.existsBy({ id, userId });
  }

  /**
   * Locks the session row for the rest of the caller's transaction; false when it is gone. Every transaction
   * that writes a session's children and the session locks the session first, the strongest lock it will
   * need at once: taking a key-share lock through a child row's foreign key and then upgrading it is what
   * deadlocked against a concurrent DELETE of the session.
   *   `update`: deleting it; `no key update`: changing its columns; `key share`: only adding children.
   */
  async lockSession(id: string, mode: 'update' | 'no key update' | 'key share'): Promise<boolean> {
    if (!this.transactions.isTransactionActive()) {
      throw new Error('lockSession needs a transaction (@Transactional)');
    }
    const lock = mode === 'update' ? 'FOR UPDATE' : mode === 'no key update' ? 'FOR NO KEY UPDATE' : 'FOR KEY SHARE';
    const rows = (await this.transactions.tx.query(`SELECT id FROM chat_sessions WHERE id = $1 ${lock}`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Deletes the session (its children cascade), the row locked first so writers queue behind it. */
  async deleteSession(id: string): Promise<void> {
    if (await this.lockSession(id, 'update')) {
      await this.transactions.tx.getRepository(ChatSessionEntity).delete({ id });
    }
  }

  /**
   * Appends a message to the user's session in one statement: the session row is checked for ownership,
   * locked, its updated_at bumped (and an untitled session named `titleIfUntitled`), and the message
   * inserted, atomically, in one round trip. Returns undefined when the session is not the user's.
   * Values go through the entities' encrypting transformers.
   */
  async appendMessage(
    userId: string,
    fields: Pick<ChatMessageEntity, 'sessionId' | 'role' | 'content' | 'images' | 'imageMeta' | 'source'> & {
      structured?: Record<string, unknown> | null;
    },
    titleIfUntitled: string | null,
    maxSessionBytes: number | null = null,
  ): Promise<ChatMessageEntity | undefined> {
    const columns = ENCRYPTED_MESSAGE_COLUMNS;
    const content = columns.content.to(fields.content) as string;
    const images = columns.images.to(fields.images) as Buffer | null;
    const structured = columns.structured.to(fields.structured ?? null) as string | null;
    const params = [
      fields.sessionId,
      userId,
      fields.role,
      content,
      images,
      fields.imageMeta === null ? null : JSON.stringify(fields.imageMeta),
      titleIfUntitled === null ? null : ENCRYPTED_SESSION_COLUMNS.title.to(titleIfUntitled),
      fields.source,
      structured,
      storedSize(content) + storedSize(images) + storedSize(structured),
      maxSessionBytes,
    ];
    // Alone it is one atomic statement (prepared); in the caller's transaction when one runs.
    const rows = await runInContext<{ id: string; created_at: Date | string }>(
      this.transactions,
      this.messages.manager.connection,
      APPEND_MESSAGE,
      params,
    );
    const row = rows[0];
    return row
      ? Object.assign(new ChatMessageEntity(), {
          ...fields,
          structured: fields.structured ?? null,
          id: row.id,
          createdAt: new Date(row.created_at),
        })
      : undefined;
  }

  /**
   * The user's session (any session when `userId` is null: callers that checked access another way)
   * and its messages (oldest first) in one round trip: the hot read path. The session's row comes
   * first and alone (its columns are not repeated on every message row), and rows are hydrated here
   * directly, through the entities' own column transformers in their batch form (one AES pass for all
   * contents), instead of by TypeORM's generic entity builder, and settled as a load would be (a value that
   * cannot be decrypted is left out and remembered). Images are not read here (imagesOf).
   */
  async findSessionWithMessages(
    id: string,
    userId: string | null,
  ): Promise<{ session: ChatSessionEntity; messages: ChatMessageEntity[] } | undefined> {
    const rows = await runStatement<Record<string, unknown>>(this.sessions.manager.connection, SESSION_READ, [
      id,
      userId,
    ]);
    if (rows.length === 0) {
      return undefined;
    }
    const first = rows[0];
    const session = Object.assign(new ChatSessionEntity(), {
      id: first.s_id as string,
      userId: first.s_user_id as string,
      title: ENCRYPTED_SESSION_COLUMNS.title.from(first.s_title) as ChatSessionEntity['title'],
      problemSolved: first.s_problem_solved as boolean,
      technicianDispatched: first.s_technician_dispatched as boolean,
      sessionKey: first.s_session_key as string | null,
      createdAt: new Date(first.s_created_at as string),
      updatedAt: new Date(first.s_updated_at as string),
    });
    settleLoaded(session);
    return { session, messages: this.hydrateMessages(session.id, rows.slice(1)) };
  }

  /**
   * The user's `limit` latest messages of the session, oldest first, without images (what the assistant
   * reads, however long the session); undefined when the session is not the user's.
   */
  async findRecentMessages(sessionId: string, userId: string, limit: number): Promise<ChatMessageEntity[] | undefined> {
    const rows = (await this.messages.query(
      `SELECT m.id AS m_id, m.role AS m_role, m.content AS m_content, m.image_meta AS m_image_meta,
              m.structured AS m_structured, m.source AS m_source, m.created_at AS m_created_at
         FROM chat_messages m JOIN chat_sessions s ON s.id = m.session_id
        WHERE s.id = $1 AND s.user_id = $2
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT $3`,
      [sessionId, userId, limit],
    )) as Record<string, unknown>[];
    if (rows.length === 0 && !(await this.sessionExists(sessionId, userId))) {
      return undefined;
    }
    return this.hydrateMessages(sessionId, rows.reverse());
  }

  /** Message rows (m_* columns, no images) through the entities' batch decryption. */
  private hydrateMessages(sessionId: string, rows: Record<string, unknown>[]): ChatMessageEntity[] {
    const contents = ENCRYPTED_MESSAGE_COLUMNS.content.fromMany(rows.map((row) => row.m_content as string | null));
    const structured = ENCRYPTED_MESSAGE_COLUMNS.structured.fromMany(
      rows.map((row) => row.m_structured as string | null),
    );
    return rows.map((row, i) => {
      const message = Object.assign(new ChatMessageEntity(), {
        id: row.m_id as string,
        sessionId,
        role: row.m_role as ChatMessageEntity['role'],
        content: contents[i] as ChatMessageEntity['content'],
        images: null,
        imageMeta: row.m_image_meta as ChatMessageEntity['imageMeta'],
        structured: structured[i] as ChatMessageEntity['structured'],
        source: row.m_source as ChatMessageEntity['source'],
        createdAt: new Date(row.m_created_at as string),
      });
      settleLoaded(message, messageEmptyValue);
      return message;
    });
  }

  /**
   * The first images of messages: only the bytes of those (`SealedBlobs.prefixLength` of their sizes), not
   * the whole column, so a response that inlines one photo of a message does not fetch all of them. A prefix
   * that does not end exactly on a blob boundary (sizes that do not match what is stored) is read whole.
   */
  async leadingImagesOf(wanted: Map<string, number>): Promise<Map<string, ChatMessageEntity['images']>> {
    if (wanted.size === 0) {
      return new Map();
    }
    const ids = [...wanted.keys()];
    const rows = (await this.messages.query(
      `SELECT m.id, substring(m.images FROM 1 FOR w.bytes) AS images
         FROM chat_messages m JOIN unnest($1::uuid[], $2::int[]) AS w(id, bytes) ON w.id = m.id`,
      [ids, ids.map((id) => wanted.get(id) as number)],
    )) as { id: string; images: Uint8Array | null }[];
    const found = new Map<string, ChatMessageEntity['images']>();
    const misaligned: string[] = [];
    for (const row of rows) {
      // node-postgres gives a Buffer, PGlite a Uint8Array: a Buffer view of the same bytes either way.
      const bytes =
        row.images === null ? null : Buffer.from(row.images.buffer, row.images.byteOffset, row.images.byteLength);
      if (bytes !== null && !SealedBlobs.isWhole(bytes)) {
        misaligned.push(row.id);
      } else {
        found.set(row.id, ENCRYPTED_MESSAGE_COLUMNS.images.from(bytes) as ChatMessageEntity['images']);
      }
    }
    for (const [id, images] of await this.imagesOf(misaligned)) {
      found.set(id, images);
    }
    return found;
  }

  /** The images column of these messages (decrypted lazily by SealedBlobs), by message id. */
  async imagesOf(messageIds: string[]): Promise<Map<string, ChatMessageEntity['images']>> {
    if (messageIds.length === 0) {
      return new Map();
    }
    const rows = (await this.messages.query('SELECT id, images FROM chat_messages WHERE id = ANY($1::uuid[])', [
      messageIds,
    ])) as { id: string; images: Buffer | null }[];
    return new Map(
      rows.map((row) => [row.id, ENCRYPTED_MESSAGE_COLUMNS.images.from(row.images) as ChatMessageEntity['images']]),
    );
  }

  findMessage(sessionId: string, messageId: string): Promise<ChatMessageEntity | null> {
    return this.messages.findOneBy({ id: messageId, sessionId });
  }

  /** The platform model's latest answer in a session (its structured result decrypted), or null. */
  latestModelMessage(sessionId: string): Promise<ChatMessageEntity | null> {
    return this.transactions.tx.getRepository(ChatMessageEntity).findOne({
      select: { id: true, structured: true, createdAt: true },
      where: { sessionId, source: 'model', role: 'assistant' },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  async deleteMessage(sessionId: string, messageId: string): Promise<void> {
    await this.messages.delete({ id: messageId, sessionId });
  }

  messageExists(sessionId: string, messageId: string): Promise<boolean> {
    return this.messages.existsBy({ id: messageId, sessionId });
  }
}
