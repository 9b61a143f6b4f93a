import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, ValueTransformer } from 'typeorm';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { readQuery } from '../../database/read-query';
import { returningRows } from '../../database/returning-rows';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';

export interface SessionFilters {
  sessionKey?: string;
  problemSolved?: boolean;
  technicianDispatched?: boolean;
}

type TransformedColumn = 'title' | 'content' | 'images' | 'structured';

export interface SessionStats {
  count: number;
  lastAt: Date | null;
}

@Injectable()
export class ChatRepository {
  constructor(
    @InjectRepository(ChatSessionEntity) private readonly sessions: Repository<ChatSessionEntity>,
    @InjectRepository(ChatMessageEntity) private readonly messages: Repository<ChatMessageEntity>,
  ) {}

  createSession(fields: Pick<ChatSessionEntity, 'userId' | 'title' | 'sessionKey'>): Promise<ChatSessionEntity> {
    return this.sessions.save(this.sessions.create(fields));
  }

  /** The session if it belongs to the user; another user's session is indistinguishable from none. */
  findSessionForUser(id: string, userId: string, manager?: EntityManager): Promise<ChatSessionEntity | null> {
    return (manager ? manager.getRepository(ChatSessionEntity) : this.sessions).findOneBy({ id, userId });
  }

  findSessionById(id: string, manager?: EntityManager): Promise<ChatSessionEntity | null> {
    return (manager ? manager.getRepository(ChatSessionEntity) : this.sessions).findOneBy({ id });
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
    fields: Partial<Pick<ChatSessionEntity, 'title' | 'problemSolved' | 'technicianDispatched'>>,
    manager?: EntityManager,
  ): Promise<void> {
    // The update builder runs the title through its encrypting transformer; updated_at is always bumped.
    await (manager ? manager.getRepository(ChatSessionEntity) : this.sessions)
      .createQueryBuilder()
      .update()
      .set({ ...fields, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async deleteSession(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(ChatSessionEntity).delete({ id });
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
    manager?: EntityManager,
  ): Promise<ChatMessageEntity | undefined> {
    const to = this.columnTransformers().to;
    const rows = returningRows<{ id: string; created_at: Date | string }>(
      await (manager ?? this.messages.manager).query(
        // GREATEST: two concurrent posts take the row lock in either order, and now() is each
        // transaction's start, so a plain now() could move updated_at back behind a message (found by
        // the fault tests); the session's updated_at never precedes any of its messages.
        `WITH s AS (
           UPDATE chat_sessions SET updated_at = GREATEST(updated_at, now()), title = COALESCE(title, $7)
            WHERE id = $1 AND user_id = $2 RETURNING id
         )
         INSERT INTO chat_messages (session_id, role, content, images, image_meta, source, structured)
         SELECT s.id, $3, $4, $5, $6::jsonb, $8, $9 FROM s
         RETURNING id, created_at`,
        [
          fields.sessionId,
          userId,
          fields.role,
          to.content(fields.content),
          to.images(fields.images),
          fields.imageMeta === null ? null : JSON.stringify(fields.imageMeta),
          titleIfUntitled === null ? null : to.title(titleIfUntitled),
          fields.source,
          to.structured(fields.structured ?? null),
        ],
      ),
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
   * and its messages (oldest first) in one round trip: the hot read path, so rows
   * are hydrated here directly (through the same column transformers) instead of by TypeORM's generic
   * entity builder. Without images the column is not even read.
   */
  async findSessionWithMessages(
    id: string,
    userId: string | null,
    withImages: boolean,
  ): Promise<{ session: ChatSessionEntity; messages: ChatMessageEntity[] } | undefined> {
    const rows = (await readQuery(
      this.sessions.manager.connection,
      `SELECT s.id AS s_id, s.user_id AS s_user_id, s.title AS s_title, s.problem_solved AS s_problem_solved,
              s.technician_dispatched AS s_technician_dispatched, s.session_key AS s_session_key,
              s.created_at AS s_created_at, s.updated_at AS s_updated_at,
              m.id AS m_id, m.role AS m_role, m.content AS m_content, ${withImages ? 'm.images' : 'NULL'} AS m_images,
              m.image_meta AS m_image_meta, m.structured AS m_structured, m.source AS m_source, m.created_at AS m_created_at
         FROM chat_sessions s LEFT JOIN chat_messages m ON m.session_id = s.id
        WHERE s.id = $1 AND ($2::uuid IS NULL OR s.user_id = $2::uuid)
        ORDER BY m.created_at, m.id`,
      [id, userId],
    )) as Record<string, unknown>[];
    if (rows.length === 0) {
      return undefined;
    }
    const first = rows[0];
    const from = this.columnTransformers().from;
    const session = Object.assign(new ChatSessionEntity(), {
      id: first.s_id as string,
      userId: first.s_user_id as string,
      title: from.title(first.s_title),
      problemSolved: first.s_problem_solved as boolean,
      technicianDispatched: first.s_technician_dispatched as boolean,
      sessionKey: first.s_session_key as string | null,
      createdAt: new Date(first.s_created_at as string),
      updatedAt: new Date(first.s_updated_at as string),
    });
    const messages: ChatMessageEntity[] = [];
    for (const row of rows) {
      if (row.m_id === null) {
        continue;
      }
      messages.push(
        Object.assign(new ChatMessageEntity(), {
          id: row.m_id as string,
          sessionId: session.id,
          role: row.m_role as ChatMessageEntity['role'],
          content: from.content(row.m_content),
          images: from.images(row.m_images),
          imageMeta: row.m_image_meta as ChatMessageEntity['imageMeta'],
          structured: from.structured(row.m_structured),
          source: row.m_source as ChatMessageEntity['source'],
          createdAt: new Date(row.m_created_at as string),
        }),
      );
    }
    return { session, messages };
  }

  private transformers?: Record<'from' | 'to', Record<TransformedColumn, (value: unknown) => never>>;

  /** The entities' own column transformers (encryption lives there, not here), looked up once. */
  private columnTransformers(): Record<'from' | 'to', Record<TransformedColumn, (value: unknown) => never>> {
    if (!this.transformers) {
      const lookup = (repo: Repository<object>, property: string): ValueTransformer => {
        const transformer = repo.metadata.findColumnWithPropertyName(property)?.transformer;
        if (!transformer || Array.isArray(transformer)) {
          throw new Error(`${property} has no single transformer`);
        }
        return transformer;
      };
      const columns: Record<TransformedColumn, ValueTransformer> = {
        title: lookup(this.sessions, 'title'),
        content: lookup(this.messages, 'content'),
        images: lookup(this.messages, 'images'),
        structured: lookup(this.messages, 'structured'),
      };
      const map = (direction: 'from' | 'to') =>
        Object.fromEntries(
          Object.entries(columns).map(([name, t]) => [name, (value: unknown) => t[direction](value) as never]),
        ) as Record<TransformedColumn, (value: unknown) => never>;
      this.transformers = { from: map('from'), to: map('to') };
    }
    return this.transformers;
  }

  findMessage(sessionId: string, messageId: string): Promise<ChatMessageEntity | null> {
    return this.messages.findOneBy({ id: messageId, sessionId });
  }

  /** The platform model's latest answer in a session (its structured result decrypted), or null. */
  latestModelMessage(sessionId: string, manager?: EntityManager): Promise<ChatMessageEntity | null> {
    return (manager ? manager.getRepository(ChatMessageEntity) : this.messages).findOne({
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
