import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Transactions } from '../../database/transactions';
import { isUndecryptable } from '../../common/crypto/encrypted-columns';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ApiError } from '../../common/http/api-error';
import { decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { toSessionSummary } from '../chat/chat.mapper';
import { ImageUrls } from '../chat/image-urls';
import { ChatRepository } from '../chat/chat.repository';
import { ChatService, SESSION_NOT_FOUND, StoredImage } from '../chat/chat.service';
import { ChatSessionDetailDto } from '../chat/dto/chat-response.dto';
import { AuditService } from '../audit/audit.service';
import { outcomeFor } from '../diagnosis/diagnosis-learning';
import { DiagnosisOutcomesRepository } from '../diagnosis/diagnosis-outcomes.repository';
import { CreateTechnicianFeedbackDto, TechnicianFeedbackResponseDto } from './dto/technician-feedback.dto';
import { TechnicianSessionDto } from './dto/technician-session.dto';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';
import { toTechnicianFeedbackResponse } from './technician-feedback.mapper';
import { conditionalFieldErrors } from './feedback-rules';
import { problemCategoryFromText } from '../diagnosis/problem-category-from-text';
import { AssignmentsRepository } from '../dispatch/assignments.repository';
import { TechnicianFeedbackRepository } from './technician-feedback.repository';

export const TECHNICIAN_SESSIONS_PATH = '/api/technicians/sessions';

const FEEDBACK_NOT_FOUND = (): ApiError =>
  new ApiError(HttpStatus.NOT_FOUND, 'FEEDBACK_NOT_FOUND', 'Feedback not found');

@Injectable()
export class TechnicianFeedbackService {
  constructor(
    private readonly repo: TechnicianFeedbackRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly chat: ChatRepository,
    private readonly chatService: ChatService,
    private readonly imageUrls: ImageUrls,
    private readonly outcomes: DiagnosisOutcomesRepository,
    private readonly audit: AuditService,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  async listSessions(caller: AuthenticatedUser, query: ListQueryDto): Promise<Page<TechnicianSessionDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const assignments = await this.assignments.listAssignments(caller.id, query.limit, after);
    const ids = assignments.slice(0, query.limit).map((a) => a.sessionId);
    const [sessions, stats] = await Promise.all([this.chat.findSessionsByIds(ids), this.chat.statsFor(ids)]);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    const page = toPage(
      assignments,
      query.limit,
      (a) => ({ sortKey: a.assignedAt.toISOString(), id: a.sessionId }),
      (a) => ({ a, session: byId.get(a.sessionId) }),
    );
    return {
      next_cursor: page.next_cursor,
      items: page.items.flatMap(({ a, session }) =>
        session
          ? [{ ...toSessionSummary(session, stats.get(session.id)), assigned_at: a.assignedAt.toISOString() }]
          : [],
      ),
    };
  }

  /** A session assigned to the caller, read-only and decrypted (photos and the assistant's diagnosis). */
  async getSession(caller: AuthenticatedUser, sessionId: string): Promise<ChatSessionDetailDto> {
    await this.assertAssigned(caller, sessionId);
    const detail = await this.chatService.sessionDetail(
      sessionId,
      null,
      true,
      this.imageUrls.under(TECHNICIAN_SESSIONS_PATH),
    );
    if (!detail) {
      throw SESSION_NOT_FOUND();
    }
    await this.audit.record({
      actorId: caller.id,
      action: 'technician.session_viewed',
      targetType: 'chat_session',
      targetId: sessionId,
    });
    return detail;
  }

  /** A photo through a signed URL (made for a technician this session was dispatched to): audited without an actor. */
  async loadSignedImage(sessionId: string, messageId: string, index: number): Promise<StoredImage> {
    const image = await this.chatService.loadImage(sessionId, messageId, index);
    await this.audit.record({
      actorId: null,
      action: 'technician.photo_viewed',
      targetType: 'chat_message',
      targetId: messageId,
      details: { session_id: sessionId, index, signed_url: true },
    });
    return image;
  }

  async getImage(caller: AuthenticatedUser, sessionId: string, messageId: string, index: number): Promise<StoredImage> {
    await this.assertAssigned(caller, sessionId);
    const image = await this.chatService.loadImage(sessionId, messageId, index);
    await this.audit.record({
      actorId: caller.id,
      action: 'technician.photo_viewed',
      targetType: 'chat_message',
      targetId: messageId,
      details: { session_id: sessionId, index },
    });
    return image;
  }

  async createFeedback(
    caller: AuthenticatedUser,
    dto: CreateTechnicianFeedbackDto,
  ): Promise<TechnicianFeedbackResponseDto> {
    const errors = conditionalFieldErrors(dto);
    if (errors.length > 0) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', errors);
    }
    // A session dispatched to the caller links the report; any other id is kept, unverified.
    const named = dto.chat_session_id?.toLowerCase();
    const verified = named !== undefined && (await this.assignments.isAssigned(named, caller.id));
    const text = (value: string | undefined): string | null => value?.trim() || null;
    const category =
      dto.actual_problem_category ??
      (dto.diagnosis_correct ? undefined : problemCategoryFromText(dto.actual_problem, dto.actual_reason));
    const entry = await this.transactions.withTransaction(async () => {
      // The session may have been deleted since: locked (key share) it stays until we commit; gone, the
      // report is kept as an unverified reference, as for any report that outlives its session.
      const linked = verified && (await this.chat.lockSession(named, 'key share'));
      return this.insertWithOutcome({
        technicianId: caller.id,
        chatSessionId: linked ? named : null,
        sessionReference: linked ? null : (named ?? null),
        rating: dto.rating,
        comment: text(dto.comment),
        diagnosisCorrect: dto.diagnosis_correct,
        partsSufficient: dto.parts_sufficient,
        secondTripRequired: dto.second_trip_required,
        actualProblem: text(dto.actual_problem),
        actualSolution: text(dto.actual_solution),
        actualProblemCategory: category ?? null,
        missingParts: dto.missing_parts?.map((part) => part.trim()) ?? null,
        secondTripReason: text(dto.second_trip_reason),
        actualReason: text(dto.actual_reason),
        actualPartsNeeded: text(dto.actual_parts_needed),
        fieldTripWasRequired: dto.field_trip_was_required ?? null,
        aiDiagnosedProblem: text(dto.ai_diagnosed_problem),
        aiRecommendedParts: text(dto.ai_recommended_parts),
        aiSolutionStrategy: text(dto.ai_solution_strategy),
      });
    });
    return toTechnicianFeedbackResponse(entry);
  }

  async listFeedback(caller: AuthenticatedUser, query: ListQueryDto): Promise<Page<TechnicianFeedbackResponseDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.repo.listFeedback(caller.id, query.limit, after);
    return toPage(
      rows,
      query.limit,
      (f) => ({ sortKey: f.createdAt.toISOString(), id: f.id }),
      toTechnicianFeedbackResponse,
    );
  }

  async getFeedback(caller: AuthenticatedUser, id: string): Promise<TechnicianFeedbackResponseDto> {
    const entry = await this.repo.findFeedbackForTechnician(id, caller.id);
    if (!entry) {
      throw FEEDBACK_NOT_FOUND();
    }
    return toTechnicianFeedbackResponse(entry);
  }

  /**
   * The report, and when the session's diagnosis came from the platform's model (`source: "model"`, not
   * client-posted assistant text), its outcome: the ground truth that re-ranks later diagnoses of the same
   * knowledge-base entry and feeds the accuracy figures.
   */
  private async insertWithOutcome(
    fields: Omit<TechnicianFeedbackEntity, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<TechnicianFeedbackEntity> {
    const entry = await this.repo.insertFeedback(fields);
    const message = fields.chatSessionId ? await this.chat.latestModelMessage(fields.chatSessionId) : null;
    if (message && !isUndecryptable(message, 'structured')) {
      const outcome = outcomeFor(message.structured, entry);
      if (outcome) {
        await this.outcomes.record({ technicianFeedbackId: entry.id, chatMessageId: message.id }, outcome);
      }
    }
    return entry;
  }

  /** Sessions not assigned to the caller do not exist for them (404, like another user's). */
  private async assertAssigned(caller: AuthenticatedUser, sessionId: string): Promise<void> {
    if (!(await this.assignments.isAssigned(sessionId, caller.id))) {
      throw SESSION_NOT_FOUND();
    }
  }
}
