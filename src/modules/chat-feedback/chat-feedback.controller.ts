import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { Page } from '../../common/pagination/cursor';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { ParseReference } from '../../common/pipes/parse-reference.pipe';
import { ChatFeedbackService } from './chat-feedback.service';
import { ChatFeedbackResponseDto, UpsertChatFeedbackDto } from './dto/chat-feedback.dto';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_IDS } from '../../common/openapi/examples';

@ApiTags('chat feedback')
@Auth()
@Controller('chat/feedback')
export class ChatFeedbackController {
  constructor(private readonly feedback: ChatFeedbackService) {}

  @Post()
  @ApiOperation({ summary: 'Rate one of your chats: creates (201) or updates (200) your feedback' })
  @ApiEnvelopedResponse(ChatFeedbackResponseDto, { status: HttpStatus.CREATED, description: 'Created' })
  @ApiEnvelopedResponse(ChatFeedbackResponseDto, { description: 'Updated' })
  @ResponseMessage('Feedback saved')
  @ApiErrors('SESSION_NOT_FOUND')
  @ApiRequestExample({
    session_id: EXAMPLE_IDS.session,
    rating: 5,
    comment: 'Clear steps: the drain filter was blocked.',
  })
  async upsertChatFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: UpsertChatFeedbackDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChatFeedbackResponseDto> {
    const { created, body } = await this.feedback.upsert(caller, dto);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return body;
  }

  @Get()
  @ApiOperation({ summary: 'Your recent feedback, newest first' })
  @ApiEnvelopedResponse(ChatFeedbackResponseDto, { list: true })
  listChatFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListQueryDto,
  ): Promise<Page<ChatFeedbackResponseDto>> {
    return this.feedback.list(caller, query);
  }

  @Get(':session_id')
  @ApiOperation({
    summary: 'Your feedback for one session',
    description: 'The session id, or the reference you rated it under (URL-encoded, up to 255 characters).',
  })
  @ApiEnvelopedResponse(ChatFeedbackResponseDto)
  @ApiErrors('FEEDBACK_NOT_FOUND')
  getChatFeedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', ParseReference('session_id')) reference: string,
  ): Promise<ChatFeedbackResponseDto> {
    return this.feedback.get(caller, reference);
  }
}
