import { Body, Controller, Delete, Get, Headers, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { Page } from '../../common/pagination/cursor';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { UPLOAD_ROUTE } from '../../common/http/upload-limit';
import { ChatService } from './chat.service';
import {
  CreateMessageDto,
  CreateSessionDto,
  GetSessionQueryDto,
  ListSessionsQueryDto,
  UpdateSessionDto,
} from './dto/chat-request.dto';
import { ChatMessageDto, ChatSessionDetailDto, ChatSessionSummaryDto } from './dto/chat-response.dto';
import { IdempotencyService } from './idempotency.service';
import { imageUrl } from './chat.mapper';
import { ImageResponse, replyWithImage, requireImageCaller, SignedImageRoute } from './image-response';
import { ImageUrls } from './image-urls';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_JPEG_BASE64 } from '../../common/openapi/examples';
import { ParseImageIndex } from './parse-image-index.pipe';

@ApiTags('chat')
@Auth()
@Controller('chat/sessions')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly imageUrls: ImageUrls,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Start a chat session' })
  @ApiEnvelopedResponse(ChatSessionSummaryDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Session created')
  @ApiErrors('SESSION_KEY_TAKEN')
  @ApiRequestExample({ title: 'Washer shows E18 and will not drain', session_key: 'washer-e18-2026-12-02' })
  createSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateSessionDto,
  ): Promise<ChatSessionSummaryDto> {
    return this.chat.createSession(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your sessions, newest first' })
  @ApiEnvelopedResponse(ChatSessionSummaryDto, { list: true })
  listSessions(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListSessionsQueryDto,
  ): Promise<Page<ChatSessionSummaryDto>> {
    return this.chat.listSessions(caller, query);
  }

  @Get(':session_id')
  @RouteConfig({ [CONCURRENCY_CLASS]: 'read' })
  @ApiOperation({ summary: 'One session with its messages, oldest first, decrypted' })
  @ApiEnvelopedResponse(ChatSessionDetailDto)
  @ApiErrors('SESSION_NOT_FOUND', 'TOO_MANY_CONCURRENT_REQUESTS', 'DECRYPTION_FAILED')
  getSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) id: string,
    @Query() query: GetSessionQueryDto,
  ): Promise<ChatSessionDetailDto> {
    return this.chat.getSession(caller, id, query);
  }

  @Put(':session_id')
  @ApiOperation({ summary: 'Update title, problem_solved or technician_dispatched' })
  @ApiEnvelopedResponse(ChatSessionSummaryDto)
  @ResponseMessage('Session updated')
  @ApiErrors('SESSION_NOT_FOUND')
  @ApiRequestExample({ title: 'Washer E18: drain filter cleaned', problem_solved: true })
  updateSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) id: string,
    @Body() dto: UpdateSessionDto,
  ): Promise<ChatSessionSummaryDto> {
    return this.chat.updateSession(caller, id, dto);
  }

  @Delete(':session_id')
  @ApiOperation({ summary: 'Delete a session with its messages, images and your feedback' })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Session deleted')
  @ApiErrors('SESSION_NOT_FOUND')
  async deleteSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) id: string,
  ): Promise<null> {
    await this.chat.deleteSession(caller, id);
    return null;
  }

  @Post(':session_id/messages')
  @RouteConfig({ [UPLOAD_ROUTE]: true, [CONCURRENCY_CLASS]: 'upload' })
  @ApiOperation({ summary: 'Post a message (text and/or up to 10 images)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key replay the first answer (24 h)',
  })
  @ApiEnvelopedResponse(ChatMessageDto, { status: HttpStatus.CREATED })
  @ResponseMessage('Message stored')
  @ApiErrors(
    'SESSION_NOT_FOUND',
    'INVALID_IMAGE',
    'IMAGE_TOO_COMPLEX',
    'TOO_MANY_IMAGES',
    'INVALID_IDEMPOTENCY_KEY',
    'IMAGE_TOO_LARGE',
    'SESSION_TOO_LARGE',
    'IDEMPOTENCY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
    'WRITE_CONFLICT',
    'TOO_MANY_CONCURRENT_REQUESTS',
  )
  @ApiRequestExample({
    role: 'user',
    content: 'Bosch çamaşır makinesi E18 hatası veriyor, suyu boşaltmıyor',
    images: [EXAMPLE_JPEG_BASE64],
  })
  async createMessage(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Body() dto: CreateMessageDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChatMessageDto> {
    const key = idempotencyKey === undefined ? undefined : IdempotencyService.validateKey(idempotencyKey);
    const { status, body } = await this.chat.postMessage(caller, sessionId, dto, key);
    void reply.status(status);
    return body;
  }

  @Delete(':session_id/messages/:message_id')
  @ApiOperation({ summary: 'Remove one message (a photo sent by mistake)' })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Message deleted')
  @ApiErrors('SESSION_NOT_FOUND', 'MESSAGE_NOT_FOUND')
  async deleteMessage(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Param('message_id', ParseUuid('message_id')) messageId: string,
  ): Promise<null> {
    await this.chat.deleteMessage(caller, sessionId, messageId);
    return null;
  }

  /** The decrypted image bytes as stored (no recompression), for use as an image source. */
  @Get(':session_id/messages/:message_id/images/:index')
  @ImageResponse()
  @SignedImageRoute()
  @ApiOperation({ summary: 'One image of a message, as bytes (bearer token, or the signed URL from image_refs)' })
  @ApiErrors('SESSION_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'IMAGE_NOT_FOUND', 'DECRYPTION_FAILED')
  async getMessageImage(
    @CurrentUser() caller: AuthenticatedUser | undefined,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Param('message_id', ParseUuid('message_id')) messageId: string,
    @Param('index', ParseImageIndex) index: number,
    @Query('exp') exp: string | undefined,
    @Query('sig') sig: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const image = this.imageUrls.verify(imageUrl(sessionId, messageId, index), exp, sig)
      ? await this.chat.loadImage(sessionId, messageId, index)
      : await this.chat.getImage(requireImageCaller(caller), sessionId, messageId, index);
    return replyWithImage(reply, image, ifNoneMatch);
  }
}
