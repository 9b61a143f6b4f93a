import { Body, Controller, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { ApiErrors, ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { INFERENCE_ERRORS } from '../vlm/inference-errors';
import { AssistantService } from './assistant.service';
import { AssistantMessageDto, AssistantRequestDto } from './dto/assistant.dto';

@ApiTags('chat')
@Controller('chat/sessions')
export class AssistantController {
  constructor(private readonly assistant: AssistantService) {}

  @Post(':session_id/assistant')
  @RouteConfig({ [CONCURRENCY_CLASS]: 'inference' })
  @Auth()
  @ApiOperation({
    summary: "The assistant answers the session from the customer's photos and latest messages",
    description:
      'Reads the photos, retrieves matching faults from the knowledge base, runs the safety triage first, and stores a `source: "model"` message whose `structured.diagnosis` frontends can render.',
  })
  @ApiEnvelopedResponse(AssistantMessageDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Assistant answered')
  @ApiErrors('SESSION_NOT_FOUND', 'DECRYPTION_FAILED', ...INFERENCE_ERRORS)
  @ApiRequestExample({})
  answerSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Body() _dto: AssistantRequestDto,
  ): Promise<AssistantMessageDto> {
    return this.assistant.answer(caller, sessionId);
  }
}
