import { isDecryptionFailure, SealedBlobs } from '../../common/crypto/encrypted-columns';
import { ChatMessageDto, ChatSessionDetailDto, ChatSessionSummaryDto } from './dto/chat-response.dto';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';

export const DEFAULT_TITLE = 'New chat';
const TITLE_LENGTH = 60;

/** A title from the customer's first words: whitespace folded, cut at a word near 60 characters. */
export function deriveTitle(content: string): string | null {
  const text = content.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return null;
  }
  if (text.length <= TITLE_LENGTH) {
    return text;
  }
  const cut = text.slice(0, TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function sessionTitle(session: ChatSessionEntity): string | null {
  if (isDecryptionFailure(session.title)) {
    return null;
  }
  return session.title ?? DEFAULT_TITLE;
}

/** Customers read images under /api/chat/sessions, technicians under /api/technicians/sessions. */
export const CUSTOMER_SESSIONS_PATH = '/api/chat/sessions';

export function imageUrl(sessionId: string, messageId: string, index: number, base = CUSTOMER_SESSIONS_PATH): string {
  return `${base}/${sessionId}/messages/${messageId}/images/${index}`;
}

function sessionFields(session: ChatSessionEntity): Omit<ChatSessionDetailDto, 'messages'> {
  return {
    id: session.id,
    title: sessionTitle(session),
    session_key: session.sessionKey,
    problem_solved: session.problemSolved,
    technician_dispatched: session.technicianDispatched,
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
  };
}

export function toSessionSummary(
  session: ChatSessionEntity,
  stats: { count: number; lastAt: Date | null } = { count: 0, lastAt: null },
): ChatSessionSummaryDto {
  return {
    ...sessionFields(session),
    message_count: stats.count,
    last_message_at: stats.lastAt ? stats.lastAt.toISOString() : null,
  };
}

/** Plain loops, no class-transformer: this runs for every message of every session read. */
export function toMessageDto(
  message: ChatMessageEntity,
  includeImages: boolean,
  sessionsPath = CUSTOMER_SESSIONS_PATH,
): ChatMessageDto {
  let failed = false;
  let content: string | null = null;
  if (isDecryptionFailure(message.content)) {
    failed = true;
  } else {
    content = message.content;
  }
  let structured: Record<string, unknown> | null = null;
  if (isDecryptionFailure(message.structured)) {
    failed = true;
  } else {
    structured = message.structured;
  }
  const images: string[] = [];
  if (includeImages && message.images instanceof SealedBlobs) {
    for (let i = 0; i < message.images.count; i += 1) {
      const blob = message.images.get(i);
      if (isDecryptionFailure(blob)) {
        failed = true;
        images.length = 0;
        break;
      }
      images.push(blob.toString('base64'));
    }
  }
  const meta = message.imageMeta ?? [];
  const dto: ChatMessageDto = {
    id: message.id,
    role: message.role,
    content,
    images,
    image_refs: meta.map((m, index) => ({
      index,
      ...m,
      url: imageUrl(message.sessionId, message.id, index, sessionsPath),
    })),
    structured,
    source: message.source,
    created_at: message.createdAt.toISOString(),
  };
  if (failed) {
    dto.decryption_error = true;
  }
  return dto;
}

export function toSessionDetail(
  session: ChatSessionEntity,
  messages: ChatMessageEntity[],
  includeImages: boolean,
  sessionsPath = CUSTOMER_SESSIONS_PATH,
): ChatSessionDetailDto {
  return { ...sessionFields(session), messages: messages.map((m) => toMessageDto(m, includeImages, sessionsPath)) };
}
