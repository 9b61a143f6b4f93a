import { isDecryptionFailure } from '../../common/crypto/encrypted-columns';
import { TechnicianFeedbackResponseDto } from './dto/technician-feedback.dto';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';

/** A visit report as the API answers it; a field that cannot be decrypted is null and flags `decryption_error`. */
export function toTechnicianFeedbackResponse(entry: TechnicianFeedbackEntity): TechnicianFeedbackResponseDto {
  let failed = false;
  const open = <T>(value: T | object): T | null => {
    if (isDecryptionFailure(value)) {
      failed = true;
      return null;
    }
    return value as T;
  };
  const dto: TechnicianFeedbackResponseDto = {
    id: entry.id,
    technician_id: entry.technicianId,
    chat_session_id: entry.chatSessionId ?? entry.sessionReference,
    session_verified: entry.chatSessionId !== null,
    rating: entry.rating,
    comment: open<string | null>(entry.comment),
    diagnosis_correct: entry.diagnosisCorrect,
    parts_sufficient: entry.partsSufficient,
    second_trip_required: entry.secondTripRequired,
    actual_problem: open<string | null>(entry.actualProblem),
    actual_solution: open<string | null>(entry.actualSolution),
    actual_problem_category: entry.actualProblemCategory,
    missing_parts: open<string[] | null>(entry.missingParts),
    second_trip_reason: open<string | null>(entry.secondTripReason),
    actual_reason: open<string | null>(entry.actualReason),
    actual_parts_needed: open<string | null>(entry.actualPartsNeeded),
    field_trip_was_required: entry.fieldTripWasRequired,
    ai_diagnosed_problem: open<string | null>(entry.aiDiagnosedProblem),
    ai_recommended_parts: open<string | null>(entry.aiRecommendedParts),
    ai_solution_strategy: open<string | null>(entry.aiSolutionStrategy),
    created_at: entry.createdAt.toISOString(),
    updated_at: entry.updatedAt.toISOString(),
  };
  if (failed) {
    dto.decryption_error = true;
  }
  return dto;
}
