import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { EXAMPLE_IDS } from '../../common/openapi/examples';
import { ApiErrors, ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { DispatchService } from './dispatch.service';
import { AssignmentResponseDto, DispatchDto } from './dto/dispatch.dto';

/** Admins dispatch a customer's session to a technician. */
@ApiTags('dispatch')
@Auth('admin')
@Controller('chat/sessions/:session_id/dispatch')
export class DispatchController {
  constructor(private readonly service: DispatchService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Dispatch the session to a technician (replaces an earlier assignment)' })
  @ApiEnvelopedResponse(AssignmentResponseDto)
  @ResponseMessage('Technician dispatched')
  @ApiErrors('SESSION_NOT_FOUND', 'NOT_A_TECHNICIAN')
  @ApiRequestExample({ technician_id: EXAMPLE_IDS.technician })
  dispatchSession(
    @CurrentUser() admin: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
    @Body() dto: DispatchDto,
  ): Promise<AssignmentResponseDto> {
    return this.service.dispatch(admin, sessionId, dto.technician_id);
  }

  @Delete()
  @ApiOperation({ summary: 'Unassign the technician' })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Dispatch cancelled')
  @ApiErrors('SESSION_NOT_FOUND', 'ASSIGNMENT_NOT_FOUND')
  async undispatchSession(
    @CurrentUser() admin: AuthenticatedUser,
    @Param('session_id', ParseUuid('session_id')) sessionId: string,
  ): Promise<null> {
    await this.service.undispatch(admin, sessionId);
    return null;
  }
}
