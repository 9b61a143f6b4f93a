import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../common/decorators/auth.decorator';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { parsePeriod } from '../../common/validation/period';
import { toAuditRecord } from './audit.mapper';
import { AuditService } from './audit.service';
import { AuditQueryDto, AuditRecordDto } from './dto/audit.dto';

@ApiTags('admin')
@Auth('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Audit log, newest first: role changes, deactivations, dispatches, key rotations, technician access',
  })
  @ApiEnvelopedResponse(AuditRecordDto, { list: true })
  async listAuditEvents(@Query() query: AuditQueryDto): Promise<Page<AuditRecordDto>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.audit.list(
      { ...parsePeriod(query), action: query.action, actorId: query.actor_id, targetId: query.target_id },
      query.limit,
      after,
    );
    return toPage(rows, query.limit, (a) => ({ sortKey: a.createdAt.toISOString(), id: a.id }), toAuditRecord);
  }
}
