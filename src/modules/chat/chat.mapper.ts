import { isUndecryptable, SealedBlobs } from '../../common/crypto/encrypted-columns';
import { ChatMessageDto, ChatSessionDetailDto, ChatSessionSummaryDto } from './dto/chat-response.dto';
import { ChatMessageEntity } from './entities/chat-message.entity';
import { ChatSessionEntity } from './entities/chat-session.entity';

export const DEFAULT_TITLE = 'New chat';
const TITLE_LENGTH = 60;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A title from the customer's first words: whitespace folded, cut at a word near 60 characters (user-
 * perceived characters: an emoji or a letter with its accents is never cut in half).
 */
export function deriveTitle(content: string): string | null {
  const text = content.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return null;
  }
  // The segmenter is walked only as far as the title needs: segmenting a whole 500-character message cost more CPU
  // than the rest of appending it (CPU profile of npm run bench).
  const cut: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (cut.length === TITLE_LENGTH) {
      const space = cut.lastIndexOf(' ');
      return `${(space > 30 ? cut.slice(0, space) : cut).join('').trimEnd()}…`;
    }
    cut.push(segment);
  }
  return text;
}

function sessionTitle(session: ChatSessionEntity): string | null {
  if (isUndecryptable(session, 'title')) {
    return null;
  }
  return session.title ?? DEFAULT_TITLE;
}

/** Customers read images under /api/chat/sessions, technicians under /api/technicians/sessions. */
export const CUSTOMER_SESSIONS_PATH = '/api/chat/sessions';

export function imageUrl(sessionId: string, messageId: string, index: number, base = CUSTOMER_SESSIONS_PATH): string {
  return `${base}/${sessionId}/messages/${messageId}/images/${index}`;
}

/** Makes a message image's URL (signed by ImageUrls in the services; plain in unit tests). */
export type ImageUrlFor = (sessionId: string, messageId: string, index: number) => string;

const plainImageUrl: ImageUrlFor = (sessionId, messageId, index) => imageUrl(sessionId, messageId, index);

function sessionFields(session: ChatSessionEntity): Omit<ChatSessionDetailDto, 'messages' | 'message_count'> {
  return {
    id: session.id,
    title: sessionTitle(session),
    session_key: session.sessionKey,
    problem_solved: session.problemSolved,
    technician_dispatched: session.technicianDispatched,
    ended_at: session.endedAt ? session.endedAt.toISOString() : null,
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

/** An image as a data URL (what an <img src> displays as it is); undefined when it cannot be decrypted. */
export function dataUrl(blob: Buffer | undefined, contentType = 'application/octet-stream'): string | undefined {
  return blob === undefined ? undefined : `data:${contentType};base64,${blob.toString('base64')}`;
}

/**
 * Plain loops, no class-transformer: this runs for every message of every session read. `inline`: how many
 * images to inline from `message.images` (the rest are signed URLs), or those images already rendered as
 * data URLs (undefined: could not be decrypted).
 */
export function toMessageDto(
  message: ChatMessageEntity,
  includeImages: boolean,
  urlFor: ImageUrlFor = plainImageUrl,
  inline: number | (string | undefined)[] = Number.POSITIVE_INFINITY,
): ChatMessageDto {
  let failed = false;
  let content: string | null = null;
  if (isUndecryptable(message, 'content')) {
    failed = true;
  } else {
    content = message.content === '' ? null : message.content; // an image-only message has no text
  }
  let structured: Record<string, unknown> | null = null;
  if (isUndecryptable(message, 'structured')) {
    failed = true;
  } else {
    structured = message.structured;
  }
  const meta = message.imageMeta ?? [];
  const images: string[] = [];
  if (includeImages) {
    const stored = message.images instanceof SealedBlobs ? message.images : undefined;
    const count = Math.max(stored?.count ?? 0, meta.length);
    const rendered = Array.isArray(inline) ? inline : undefined;
    const inlineCount = rendered?.length ?? (inline as number);
    for (let i = 0; i < count; i += 1) {
      if (i >= inlineCount || (rendered === undefined && (stored === undefined || i >= stored.count))) {
        // Past the response's inline budget (or not read): a signed URL, which an <img src> shows as well.
        images.push(urlFor(message.sessionId, message.id, i));
        continue;
      }
      const url = rendered !== undefined ? rendered[i] : dataUrl(stored!.get(i), meta[i]?.content_type);
      if (url === undefined) {
        failed = true;
        images.length = 0;
        break;
      }
      images.push(url);
    }
  }
  const dto: ChatMessageDto = {
    id: message.id,
    session_id: message.sessionId,
    role: message.role,
    content,
    images,
    image_refs: meta.map((m, index) => ({
      index,
      ...m,
      url: urlFor(message.sessionId, message.id, index),
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

/**
 * `inlineFor(message)`: how many of its images are inlined as data URLs (the rest are signed URLs), by
 * default all of them, or those data URLs already rendered.
 */
export function toSessionDetail(
  session: ChatSessionEntity,
  messages: ChatMessageEntity[],
  includeImages: boolean,
  urlFor: ImageUrlFor = plainImageUrl,
  inlineFor: (message: ChatMessageEntity) => number | (string | undefined)[] = () => Number.POSITIVE_INFINITY,
): ChatSessionDetailDto {
  return {
    ...sessionFields(session),
    message_count: messages.length,
    messages: messages.map((m) => toMessageDto(m, includeImages, urlFor, inlineFor(m))),
  };
}

/**
 * How many images of each message a response inlines: in session order, image by image, while their
 * bytes fit in `budget`; from the first that does not fit on, none (each is then a signed URL).
 */
export function inlineImageCounts(messages: ChatMessageEntity[], budget: number): Map<string, number> {
  let remaining = budget;
  let exhausted = false;
  const counts = new Map<string, number>();
  for (const message of messages) {
    const meta = message.imageMeta ?? [];
    let n = 0;
    while (!exhausted && n < meta.length) {
      if (meta[n].bytes > remaining) {
        exhausted = true;
        break;
      }
      remaining -= meta[n].bytes;
      n += 1;
    }
    if (n > 0) {
      counts.set(message.id, n);
    }
  }
  return counts;
}
