import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { UPLOAD_ROUTE } from '../../common/http/upload-limit';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { ImageProcessor } from '../chat/image-processor';
import { AssistantService } from './assistant.service';
import {
  AnalyzeImagesDto,
  AnalyzeResultDto,
  AssistantMessageDto,
  AssistantRequestDto,
  VlmStatusDto,
} from './dto/vlm.dto';
import { VlmService } from './vlm.service';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ErrorCode } from '../../common/http/error-codes';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_JPEG_BASE64 } from '../../common/openapi/examples';

/** What any route that runs the model can answer: the per-user caps, then the model's own states. */
const INFERENCE_ERRORS: ErrorCode[] = [
  'TOO_MANY_CONCURRENT_REQUESTS',
  'VLM_USER_QUEUE_FULL',
  'VLM_BUSY',
  'VLM_NOT_READY',
  'VLM_TIMEOUT',
  'VLM_UNAVAILABLE',
];

@ApiTags('vlm')
@Controller('vlm')
export class VlmController {
  constructor(
    private readonly vlm: VlmService,
    private readonly images: ImageProcessor,
  ) {}

  @Post('analyze')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @RouteConfig({ [UPLOAD_ROUTE]: true, [CONCURRENCY_CLASS]: 'inference' })
  @ApiOperation({
    summary: 'Read appliance photos: text lines, error codes, brand, model and serial numbers (nothing stored)',
  })
  @ApiEnvelopedResponse(AnalyzeResultDto)
  @ResponseMessage('Images read')
  @ApiErrors('INVALID_IMAGE', 'IMAGE_TOO_COMPLEX', 'TOO_MANY_IMAGES', 'IMAGE_TOO_LARGE', ...INFERENCE_ERRORS)
  @ApiRequestExample({ images: [EXAMPLE_JPEG_BASE64], text: 'Bosch washer display' })
  async analyzeImages(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: AnalyzeImagesDto,
  ): Promise<AnalyzeResultDto> {
    const images = await this.images.checkAll(dto.images);
    return this.vlm.analyze(images, dto.text, caller.id);
  }

  @Get('status')
  @Auth('admin')
  @ApiOperation({ summary: 'Model, load time, queue, counters and latency percentiles (admin)' })
  @ApiEnvelopedResponse(VlmStatusDto)
  getVlmStatus(): Promise<VlmStatusDto> {
    return this.vlm.status();
  }
}

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
