import { OmitType } from '@nestjs/swagger';
import { ChatMessageDto } from '../../chat/dto/chat-response.dto';
import { DiagnosisDto } from '../../diagnosis/dto/diagnosis.dto';
import { FindingDto, ModelIdentityDto } from '../../vlm/dto/vlm.dto';

/** The assistant route takes no parameters (an empty object or no body). */
export class AssistantRequestDto {}

/** What the assistant stores in its message's `structured` (encrypted at rest). */
export class AssistantStructuredDto {
  /** What the model read in the session's photos. */
  findings!: FindingDto[];
  diagnosis!: DiagnosisDto;
  model!: ModelIdentityDto;
  latency_ms!: number;
}

/** An assistant message (`source: "model"`) as the assistant route returns it. */
export class AssistantMessageDto extends OmitType(ChatMessageDto, ['structured'] as const) {
  structured!: AssistantStructuredDto;
}
