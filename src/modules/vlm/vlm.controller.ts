import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ErrorEnvelopeDto } from '../../common/dto/envelope.dto';
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

const BUSY = {
  description: 'The model is loading, the inference queue is full, or reading timed out (see Retry-After)',
  type: ErrorEnvelopeDto,
};

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
  @ApiServiceUnavailableResponse(BUSY)
  @ResponseMessage('Images read')
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
  @ApiServiceUnavailableResponse(BUSY)
  @ResponseMessage('Assistant answered')
  answerSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Body() _dto: AssistantRequestDto,
  ): Promise<AssistantMessageDto> {
    return this.assistant.answer(caller, sessionId);
  }
}
