import { undecryptable } from '../../common/crypto/encrypted-columns';
import { TechnicianFeedbackResponseDto } from './dto/technician-feedback.dto';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';

/** A visit report as the API answers it; a field that cannot be decrypted is null and flags `decryption_error`. */
export function toTechnicianFeedbackResponse(entry: TechnicianFeedbackEntity): TechnicianFeedbackResponseDto {
  const dto: TechnicianFeedbackResponseDto = {
    id: entry.id,
    technician_id: entry.technicianId,
    chat_session_id: entry.chatSessionId ?? entry.sessionReference,
    session_verified: entry.chatSessionId !== null,
    rating: entry.rating,
    comment: entry.comment,
    diagnosis_correct: entry.diagnosisCorrect,
    parts_sufficient: entry.partsSufficient,
    second_trip_required: entry.secondTripRequired,
    actual_problem: entry.actualProblem,
    actual_solution: entry.actualSolution,
    actual_problem_category: entry.actualProblemCategory,
    missing_parts: entry.missingParts,
    second_trip_reason: entry.secondTripReason,
    actual_reason: entry.actualReason,
    actual_parts_needed: entry.actualPartsNeeded,
    field_trip_was_required: entry.fieldTripWasRequired,
    ai_diagnosed_problem: entry.aiDiagnosedProblem,
    ai_recommended_parts: entry.aiRecommendedParts,
    ai_solution_strategy: entry.aiSolutionStrategy,
    created_at: entry.createdAt.toISOString(),
    updated_at: entry.updatedAt.toISOString(),
  };
  if (undecryptable(entry).size > 0) {
    dto.decryption_error = true;
  }
  return dto;
}
