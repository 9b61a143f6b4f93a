import { ChatFeedbackResponseDto } from './dto/chat-feedback.dto';
import { ChatFeedbackEntity } from './entities/chat-feedback.entity';

/** A stored rating as the API answers it (free text decrypted, null where it cannot be). */
export function toChatFeedbackResponse(feedback: ChatFeedbackEntity): ChatFeedbackResponseDto {
  return {
    id: feedback.id,
    session_id: (feedback.sessionId ?? feedback.sessionRef) as string,
    rating: feedback.rating,
    comment: feedback.comment,
    session_title: feedback.sessionTitle,
    created_at: feedback.createdAt.toISOString(),
    updated_at: feedback.updatedAt.toISOString(),
  };
}
