import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { FastifyReply } from 'fastify';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { Page } from '../../common/pagination/cursor';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { ParseImageIndex } from '../chat/parse-image-index.pipe';
import { ChatSessionDetailDto } from '../chat/dto/chat-response.dto';
import { imageUrl } from '../chat/chat.mapper';
import { ImageResponse, replyWithImage, requireImageCaller, SignedImageRoute } from '../chat/image-response';
import { ImageUrls } from '../chat/image-urls';
import { CreateTechnicianFeedbackDto, TechnicianFeedbackResponseDto } from './dto/technician-feedback.dto';
import { TechnicianSessionDto } from './dto/technician-session.dto';
import { TECHNICIAN_SESSIONS_PATH, TechnicianFeedbackService } from './technician-feedback.service';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_IDS } from '../../common/openapi/examples';

/** What technicians see and report: their assigned sessions and their visit reports. */
@ApiTags('technicians')
@Auth('technician')
@Controller('technicians')
export class TechniciansController {
  constructor(
    private readonly service: TechnicianFeedbackService,
    private readonly imageUrls: ImageUrls,
  ) {}

  @Get('sessions')
  @ApiOperation({ summary: 'Sessions dispatched to you, newest assignment first' })
  @ApiEnvelopedResponse(TechnicianSessionDto, { list: true })
  listAssignedSessions(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListQueryDto,
  ): Promise<Page<TechnicianSessionDto>> {
    return this.service.listSessions(caller, query);
  }

  @Get('sessions/:session_id')
  @RouteConfig({ [CONCURRENCY_CLASS]: 'read' })
  @ApiOperation({ summary: 'One session dispatched to you, read-only: photos and diagnosis' })
  @ApiEnvelopedResponse(ChatSessionDetailDto)
  @ApiErrors('SESSION_NOT_FOUND', 'DECRYPTION_FAILED')
  getAssignedSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
  ): Promise<ChatSessionDetailDto> {
    return this.service.getSession(caller, sessionId);
  }

  @Get('sessions/:session_id/messages/:message_id/images/:index')
  @ImageResponse()
  @SignedImageRoute()
  @ApiOperation({
    summary: 'One photo of a session dispatched to you, as bytes (bearer token, or the signed URL from image_refs)',
  })
  @ApiErrors('SESSION_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'IMAGE_NOT_FOUND', 'DECRYPTION_FAILED')
  async getAssignedSessionImage(
    @CurrentUser() caller: AuthenticatedUser | undefined,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Param('message_id', ParseUuid('message_id')) messageId: string,
    @Param('index', ParseImageIndex) index: number,
    @Query('exp') exp: string | undefined,
    @Query('sig') sig: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const signed = this.imageUrls.verify(imageUrl(sessionId, messageId, index, TECHNICIAN_SESSIONS_PATH), exp, sig);
    const image = signed
      ? await this.service.loadSignedImage(sessionId, messageId, index)
      : await this.service.getImage(requireImageCaller(caller, 'technician'), sessionId, messageId, index);
    return replyWithImage(reply, image, ifNoneMatch);
  }

  @Post('feedback')
  @ApiOperation({ summary: 'Report on a visit: was the diagnosis right, were the parts enough, a second trip?' })
  @ApiEnvelopedResponse(TechnicianFeedbackResponseDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Feedback recorded')
  @ApiRequestExample({
    chat_session_id: EXAMPLE_IDS.session,
    rating: 4,
    diagnosis_correct: false,
    parts_sufficient: true,
    second_trip_required: false,
    actual_problem: 'Drain pump impeller jammed by a coin, not the filter',
    actual_problem_category: 'drain_pump',
    actual_solution: 'Removed the coin, cleaned the filter, tested a drain cycle',
    comment: 'Customer had already tried the filter',
  })
  createTechnicianFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateTechnicianFeedbackDto,
  ): Promise<TechnicianFeedbackResponseDto> {
    return this.service.createFeedback(caller, dto);
  }

  @Get('feedback')
  @ApiOperation({ summary: 'Your reports, newest first' })
  @ApiEnvelopedResponse(TechnicianFeedbackResponseDto, { list: true })
  listTechnicianFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListQueryDto,
  ): Promise<Page<TechnicianFeedbackResponseDto>> {
    return this.service.listFeedback(caller, query);
  }

  @Get('feedback/:feedback_id')
  @ApiOperation({ summary: 'One of your reports' })
  @ApiEnvelopedResponse(TechnicianFeedbackResponseDto)
  @ApiErrors('FEEDBACK_NOT_FOUND')
  getTechnicianFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('feedback_id', ParseUuid('feedback_id')) id: string,
  ): Promise<TechnicianFeedbackResponseDto> {
    return this.service.getFeedback(caller, id);
  }
}
