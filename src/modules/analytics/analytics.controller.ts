import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Auth } from '../../common/decorators/auth.decorator';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { ChatFeedbackResponseDto } from '../chat-feedback/dto/chat-feedback.dto';
import { TechnicianFeedbackResponseDto } from '../technician-feedback/dto/technician-feedback.dto';
import { AnalyticsService } from './analytics.service';
import { PeriodQueryDto } from '../../common/validation/period-query.dto';
import { AdminChatFeedbackQueryDto, AdminTechnicianFeedbackQueryDto, AnalyticsSummaryDto } from './dto/analytics.dto';

/** A CSV export is sent as text/csv (the envelope interceptor leaves non-JSON bodies alone); a page is enveloped. */
function pageOrCsv(reply: FastifyReply, result: { page: object } | { csv: string }, filename: string): object | string {
  if ('csv' in result) {
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`);
    return result.csv;
  }
  return result.page;
}

@Auth('admin')
@Controller()
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('analytics/summary')
  @ApiTags('analytics')
  @ApiOperation({ summary: 'Quality figures: ratings, diagnosis accuracy, first-time fix, parts, per ISO week' })
  @ApiEnvelopedResponse(AnalyticsSummaryDto)
  getAnalyticsSummary(@Query() query: PeriodQueryDto): Promise<AnalyticsSummaryDto> {
    return this.analytics.summary(query);
  }

  /** JSON pages in the envelope, or `format=csv` for the whole filtered set (decrypted). */
  @Get('admin/feedback/chat')
  @ApiTags('admin')
  @ApiOperation({ summary: 'Raw customer feedback (filters; format=csv exports)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiEnvelopedResponse(ChatFeedbackResponseDto, { list: true })
  async listAdminChatFeedback(
    @Query() query: AdminChatFeedbackQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return pageOrCsv(reply, await this.analytics.listChatFeedback(query), 'chat-feedback.csv');
  }

  @Get('admin/feedback/technicians')
  @ApiTags('admin')
  @ApiOperation({ summary: 'Raw technician feedback (filters; format=csv exports)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiEnvelopedResponse(TechnicianFeedbackResponseDto, { list: true })
  async listAdminTechnicianFeedback(
    @Query() query: AdminTechnicianFeedbackQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return pageOrCsv(reply, await this.analytics.listTechnicianFeedback(query), 'technician-feedback.csv');
  }
}
