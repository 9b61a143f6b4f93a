import { HttpStatus, Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { isForeignKeyViolation, isUniqueViolation } from '../../database/database-errors';
import { ChatRepository } from '../chat/chat.repository';
import { ChatFeedbackRepository, FeedbackTarget } from './chat-feedback.repository';
import { ChatFeedbackResponseDto, UpsertChatFeedbackDto } from './dto/chat-feedback.dto';
import { toChatFeedbackResponse } from './chat-feedback.mapper';
import { UUID_PATTERN } from '../../common/validation/uuid';

const SESSION_GONE = (): ApiError =>
  new ApiError(HttpStatus.NOT_FOUND, 'SESSION_NOT_FOUND', 'Chat session not found (it was deleted)');

@Injectable()
export class ChatFeedbackService {
  constructor(
    private readonly feedback: ChatFeedbackRepository,
    private readonly chat: ChatRepository,
  ) {}

  /** The caller's session `reference` names, when it is one (a UUID, any case), else the reference itself. */
  private async target(
    caller: AuthenticatedUser,
    reference: string,
  ): Promise<{ target: FeedbackTarget; title: string | null }> {
    if (UUID_PATTERN.test(reference)) {
      const session = await this.chat.findSessionForUser(reference.toLowerCase(), caller.id);
      if (session) {
        return {
          target: { sessionId: session.id, sessionRef: null },
          title: session.title,
        };
      }
    }
    return { target: { sessionId: null, sessionRef: reference }, title: null };
  }

  /** One feedback per user and session (or reference): creates it (201) or updates it (200). */
  async upsert(
    caller: AuthenticatedUser,
    dto: UpsertChatFeedbackDto,
  ): Promise<{ created: boolean; body: ChatFeedbackResponseDto }> {
    const { target, title } = await this.target(caller, dto.session_id);
    const fields = {
      rating: dto.rating,
      comment: dto.comment?.trim() || null,
      sessionTitle: dto.session_title?.trim() || title || null,
    };
    let created = false;
    const existing = await this.feedback.findForUser(caller.id, target);
    if (existing) {
      await this.feedback.update(existing.id, fields);
    } else {
      try {
        await this.feedback.insert({ userId: caller.id, ...target, ...fields });
        created = true;
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw SESSION_GONE(); // the session was deleted since we looked it up
        }
        if (!isUniqueViolation(error)) {
          throw error;
        }
        const raced = await this.feedback.findForUser(caller.id, target); // a concurrent first POST won
        if (raced) {
          await this.feedback.update(raced.id, fields);
        }
      }
    }
    // Deleted with its session meanwhile (a DELETE that committed after our write): the session is gone.
    const saved = await this.feedback.findForUser(caller.id, target);
    if (!saved) {
      throw SESSION_GONE();
    }
    return { created, body: toChatFeedbackResponse(saved) };
  }

  async get(caller: AuthenticatedUser, reference: string): Promise<ChatFeedbackResponseDto> {
    const { target } = await this.target(caller, reference);
    const feedback = await this.feedback.findForUser(caller.id, target);
    if (!feedback) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'FEEDBACK_NOT_FOUND', 'No feedback for this session');
    }
    return toChatFeedbackResponse(feedback);
  }

  async list(caller: AuthenticatedUser, query: ListQueryDto): Promise<Page<ChatFeedbackResponseDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.feedback.listForUser(caller.id, query.limit, after);
    return toPage(rows, query.limit, (f) => ({ sortKey: f.createdAt.toISOString(), id: f.id }), toChatFeedbackResponse);
  }
}
