import { parseTimestamp } from '../../common/validation/timestamp';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { limitsConfig } from '../../config/configuration';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Transactions } from '../../database/transactions';
import { SealedBlobs } from '../../common/crypto/encrypted-columns';
import { setImmediate } from 'node:timers/promises';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { isUniqueViolation } from '../../database/database-errors';
import {
  dataUrl,
  deriveTitle,
  ImageUrlFor,
  inlineImageCounts,
  toMessageDto,
  toSessionDetail,
  toSessionSummary,
} from './chat.mapper';
import { ChatRepository } from './chat.repository';
import {
  CreateMessageDto,
  CreateSessionDto,
  GetSessionQueryDto,
  ListSessionsQueryDto,
  UpdateSessionDto,
} from './dto/chat-request.dto';
import { ChatMessageDto, ChatSessionDetailDto, ChatSessionSummaryDto } from './dto/chat-response.dto';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';
import { IdempotencyService, requestHash } from './idempotency.service';
import { ImageUrls } from './image-urls';
import { ImageProcessor } from './image-processor';

export const SESSION_NOT_FOUND = (): ApiError =>
  new ApiError(HttpStatus.NOT_FOUND, 'SESSION_NOT_FOUND', 'Chat session not found');
const MESSAGE_NOT_FOUND = (): ApiError => new ApiError(HttpStatus.NOT_FOUND, 'MESSAGE_NOT_FOUND', 'Message not found');
const IMAGE_NOT_FOUND = (): ApiError => new ApiError(HttpStatus.NOT_FOUND, 'IMAGE_NOT_FOUND', 'Image not found');

export const POST_MESSAGE_ROUTE = 'POST /api/chat/sessions/:session_id/messages';

export interface StoredImage {
  bytes: Buffer;
  contentType: string;
  etag: string;
}

@Injectable()
export class ChatService {
  constructor(
    private readonly chat: ChatRepository,
    private readonly images: ImageProcessor,
    private readonly idempotency: IdempotencyService,
    private readonly imageUrls: ImageUrls,
    @Inject(TransactionHost) private readonly transactions: Transactions,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
  ) {}

  async createSession(caller: AuthenticatedUser, dto: CreateSessionDto): Promise<ChatSessionSummaryDto> {
    try {
      const session = await this.chat.createSession({
        userId: caller.id,
        title: dto.title?.trim() || null,
        sessionKey: dto.session_key ?? null,
      });
      return toSessionSummary(session);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'SESSION_KEY_TAKEN',
          'You already have a session with this session_key',
          [{ field: 'session_key', message: 'is already used by another of your sessions' }],
        );
      }
      throw error;
    }
  }

  async listSessions(caller: AuthenticatedUser, query: ListSessionsQueryDto): Promise<Page<ChatSessionSummaryDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.chat.listSessions(
      caller.id,
      {
        sessionKey: query.session_key,
        problemSolved: query.problem_solved,
        technicianDispatched: query.technician_dispatched,
      },
      query.limit,
      after,
    );
    const page = rows.slice(0, query.limit);
    const stats = await this.chat.statsFor(page.map((s) => s.id));
    return toPage(
      rows,
      query.limit,
      (s) => ({ sortKey: s.createdAt.toISOString(), id: s.id }),
      (s) => toSessionSummary(s, stats.get(s.id)),
    );
  }

  async getSession(caller: AuthenticatedUser, id: string, query: GetSessionQueryDto): Promise<ChatSessionDetailDto> {
    const detail = await this.sessionDetail(id, caller.id, query.include_images, this.imageUrls.under());
    if (!detail) {
      throw SESSION_NOT_FOUND();
    }
    return detail;
  }

  /**
   * A session with every message (the legacy contract), images inlined as data URLs up to
   * READ_INLINE_IMAGE_BYTES per response and signed URLs past it: only the inlined messages' images are
   * read from the database, so a response holds at most that budget plus one message's images, however
   * large the session. `userId` null: the caller's access was checked another way (technicians).
   */
  async sessionDetail(
    id: string,
    userId: string | null,
    includeImages: boolean,
    urlFor: ImageUrlFor,
  ): Promise<ChatSessionDetailDto | undefined> {
    const found = await this.chat.findSessionWithMessages(id, userId);
    if (!found) {
      return undefined;
    }
    if (!includeImages) {
      return toSessionDetail(found.session, found.messages, false, urlFor);
    }
    const inline = inlineImageCounts(found.messages, this.limits.readInlineImageBytes);
    const metaOf = new Map(found.messages.map((m) => [m.id, m.imageMeta ?? []]));
    const images = await this.chat.leadingImagesOf(
      new Map(
        [...inline].map(([id, count]) => [
          id,
          SealedBlobs.prefixLength(
            (metaOf.get(id) ?? []).map((m) => m.bytes),
            count,
          ),
        ]),
      ),
    );
    // Decrypted and encoded image by image, yielding to the event loop in between: a read of megabytes
    // of photos never blocks other users' requests for longer than one image.
    const rendered = new Map<string, (string | undefined)[]>();
    for (const [messageId, count] of inline) {
      const stored = images.get(messageId);
      const meta = metaOf.get(messageId) ?? [];
      const urls: (string | undefined)[] = [];
      for (let i = 0; stored instanceof SealedBlobs && i < Math.min(count, stored.count); i += 1) {
        urls.push(dataUrl(stored.get(i), meta[i]?.content_type));
        await setImmediate();
      }
      rendered.set(messageId, urls);
    }
    return toSessionDetail(found.session, found.messages, true, urlFor, (m) => rendered.get(m.id) ?? 0);
  }

  async updateSession(caller: AuthenticatedUser, id: string, dto: UpdateSessionDto): Promise<ChatSessionSummaryDto> {
    if (
      dto.title === undefined &&
      dto.problem_solved === undefined &&
      dto.technician_dispatched === undefined &&
      dto.ended_at === undefined
    ) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Nothing to update', [
        { field: 'body', message: 'send title, problem_solved, technician_dispatched and/or ended_at' },
      ]);
    }
    await this.ownSession(caller, id);
    await this.chat.updateSession(id, {
      ...(dto.title !== undefined ? { title: dto.title?.trim() || null } : {}),
      ...(dto.ended_at !== undefined ? { endedAt: dto.ended_at === null ? null : parseTimestamp(dto.ended_at) } : {}),
      ...(dto.problem_solved !== undefined ? { problemSolved: dto.problem_solved } : {}),
      ...(dto.technician_dispatched !== undefined ? { technicianDispatched: dto.technician_dispatched } : {}),
    });
    const session = await this.ownSession(caller, id);
    const stats = await this.chat.statsFor([id]);
    return toSessionSummary(session, stats.get(id));
  }

  /** Deletes the session; its messages, images and customer feedback go with it (FK cascades). */
  async deleteSession(caller: AuthenticatedUser, id: string): Promise<void> {
    await this.ownSession(caller, id);
    await this.transactions.withTransaction(() => this.chat.deleteSession(id));
  }

  async deleteMessage(caller: AuthenticatedUser, sessionId: string, messageId: string): Promise<void> {
    await this.ownSession(caller, sessionId);
    if (!(await this.chat.messageExists(sessionId, messageId))) {
      throw MESSAGE_NOT_FOUND();
    }
    await this.chat.deleteMessage(sessionId, messageId);
  }

  /**
   * Stores one message. With an Idempotency-Key, a replay answers the stored response and stores
   * nothing; the response is recorded in the same transaction as the message, so an acknowledged
   * message and its key never exist one without the other.
   */
  async postMessage(
    caller: AuthenticatedUser,
    sessionId: string,
    dto: CreateMessageDto,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: ChatMessageDto }> {
    const content = dto.content ?? '';
    const rawImages = dto.images ?? [];
    if (content.trim() === '' && rawImages.length === 0) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
        { field: 'content', message: 'content or images is required' },
      ]);
    }
    const claim = idempotencyKey
      ? await this.idempotency.claim(caller.id, POST_MESSAGE_ROUTE, idempotencyKey, requestHash({ sessionId, dto }))
      : undefined;
    if (claim?.kind === 'replay') {
      return { status: claim.status, body: claim.body as ChatMessageDto };
    }
    try {
      const prepared = await this.images.prepareAll(rawImages);
      const fields = {
        sessionId,
        role: dto.role,
        content,
        images: prepared.length > 0 ? prepared.map((p) => p.bytes) : null,
        imageMeta: prepared.length > 0 ? prepared.map((p) => p.meta) : null,
        source: 'client' as const,
      };
      const title = dto.role === 'user' ? deriveTitle(content) : null;
      const append = async (): Promise<ChatMessageDto> => {
        const message = await this.chat.appendMessage(caller.id, fields, title, this.limits.sessionMaxBytes);
        if (!message) {
          throw (await this.chat.sessionExists(sessionId, caller.id)) ? this.sessionFull() : SESSION_NOT_FOUND();
        }
        const out = toMessageDto({ ...message, images: null }, false, this.imageUrls.under());
        out.images = prepared.map((p) => `data:${p.meta.content_type};base64,${p.bytes.toString('base64')}`);
        if (claim?.kind === 'proceed') {
          await this.idempotency.complete(claim.claimId, HttpStatus.CREATED, out);
        }
        return out;
      };
      // One atomic statement; with an Idempotency-Key, one transaction that also records the answer.
      const body = claim?.kind === 'proceed' ? await this.transactions.withTransaction(append) : await append();
      return { status: HttpStatus.CREATED, body };
    } catch (error) {
      if (claim?.kind === 'proceed') {
        await this.idempotency.release(claim.claimId);
      }
      throw error;
    }
  }

  /**
   * What the assistant reads: the caller's `maxMessages` latest messages, decrypted, with images (as bytes)
   * only in the customer's latest messages that hold the newest `maxImages` photos; bounded however long or
   * large the session is.
   */
  async sessionForAssistant(
    caller: AuthenticatedUser,
    sessionId: string,
    limits: { maxMessages: number; maxImages: number },
  ): Promise<ChatMessageEntity[]> {
    const messages = await this.chat.findRecentMessages(sessionId, caller.id, limits.maxMessages);
    if (!messages) {
      throw SESSION_NOT_FOUND();
    }
    const wanted: string[] = [];
    let counted = 0;
    for (let i = messages.length - 1; i >= 0 && counted < limits.maxImages; i -= 1) {
      const message = messages[i];
      if (message.role === 'user' && (message.imageMeta?.length ?? 0) > 0) {
        wanted.push(message.id);
        counted += message.imageMeta?.length ?? 0;
      }
    }
    const images = await this.chat.imagesOf(wanted);
    for (const message of messages) {
      message.images = images.get(message.id) ?? null;
    }
    return messages;
  }

  /** Stores a message the platform's own model wrote (`source: "model"`), with its structured result. */
  async appendModelMessage(
    caller: AuthenticatedUser,
    sessionId: string,
    content: string,
    structured: Record<string, unknown>,
  ): Promise<ChatMessageDto> {
    const message = await this.chat.appendMessage(
      caller.id,
      { sessionId, role: 'assistant', content, images: null, imageMeta: null, source: 'model', structured },
      null,
    );
    if (!message) {
      throw SESSION_NOT_FOUND();
    }
    return toMessageDto(message, true, this.imageUrls.under());
  }

  async getImage(caller: AuthenticatedUser, sessionId: string, messageId: string, index: number): Promise<StoredImage> {
    await this.ownSession(caller, sessionId);
    return this.loadImage(sessionId, messageId, index);
  }

  /** An image of a session the caller was already found allowed to read. */
  async loadImage(sessionId: string, messageId: string, index: number): Promise<StoredImage> {
    const message = await this.chat.findMessage(sessionId, messageId);
    if (!message) {
      throw MESSAGE_NOT_FOUND();
    }
    const meta = message.imageMeta?.[index];
    const images = message.images;
    if (meta === undefined || images === null || Array.isArray(images) || index >= images.count) {
      throw IMAGE_NOT_FOUND();
    }
    const bytes = images.get(index);
    if (bytes === undefined) {
      throw new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, 'DECRYPTION_FAILED', 'This image cannot be decrypted');
    }
    // Messages are immutable, so the id and index name these bytes for good (no hashing megabytes).
    return { bytes, contentType: meta.content_type, etag: `"${messageId}-${index}"` };
  }

  private sessionFull(): ApiError {
    const mib = Math.round(this.limits.sessionMaxBytes / (1024 * 1024));
    return new ApiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'SESSION_TOO_LARGE',
      `This session has reached its storage limit (${mib} MiB): start a new session`,
      [{ field: 'images', message: `would take the session past ${this.limits.sessionMaxBytes} bytes` }],
    );
  }

  private async ownSession(caller: AuthenticatedUser, id: string): Promise<ChatSessionEntity> {
    const session = await this.chat.findSessionForUser(id, caller.id);
    if (!session) {
      throw SESSION_NOT_FOUND();
    }
    return session;
  }
}
