import { CredentialCheck } from '../../common/rate-limit/rate-limit';
import { Body, Controller, Delete, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { Page } from '../../common/pagination/cursor';
import { ParseUuid } from '../../common/pipes/parse-uuid.pipe';
import { AdminUpdateUserDto, ListUsersQueryDto } from './dto/admin-users.dto';
import { DeleteMeDto, UpdateMeDto } from './dto/update-me.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_CUSTOMER } from '../../common/openapi/examples';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiTags('users')
  @Auth()
  @ApiOperation({ summary: 'The calling user' })
  @ApiEnvelopedResponse(UserResponseDto)
  getMe(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    return this.users.getMe(caller);
  }

  @Patch('me')
  @ApiTags('users')
  @Auth()
  @CredentialCheck((body) => body.current_password !== undefined)
  @ApiOperation({ summary: 'Update your name or password (a new password ends your other logins)' })
  @ApiEnvelopedResponse(UserResponseDto)
  @ResponseMessage('Account updated')
  @ApiErrors('INVALID_PASSWORD')
  @ApiRequestExample({ full_name: 'Ayşe Yılmaz Demir', locale: 'tr' })
  updateMe(@CurrentUser() caller: AuthenticatedUser, @Body() dto: UpdateMeDto): Promise<UserResponseDto> {
    return this.users.updateMe(caller, dto);
  }

  @Delete('me')
  @ApiTags('users')
  @Auth()
  @CredentialCheck()
  @ApiOperation({ summary: 'Delete your account and everything it owns' })
  @ApiEnvelopedResponse(null)
  @ResponseMessage('Account deleted')
  @ApiErrors('INVALID_PASSWORD', 'LAST_ADMIN')
  @ApiRequestExample({ password: EXAMPLE_CUSTOMER.password })
  async deleteMe(@CurrentUser() caller: AuthenticatedUser, @Body() dto: DeleteMeDto): Promise<null> {
    await this.users.deleteMe(caller, dto.password);
    return null;
  }

  @Get()
  @ApiTags('admin')
  @Auth('admin')
  @ApiOperation({ summary: 'List users, newest first (admin)' })
  @ApiEnvelopedResponse(UserResponseDto, { list: true })
  listUsers(@Query() query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @ApiTags('admin')
  @Auth('admin')
  @ApiOperation({ summary: "Change a user's role or activation (admin)" })
  @ApiEnvelopedResponse(UserResponseDto)
  @ResponseMessage('User updated')
  @ApiErrors('USER_NOT_FOUND', 'LAST_ADMIN')
  @ApiRequestExample({ role: 'technician', is_active: true })
  updateUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseUuid('id')) id: string,
    @Body() dto: AdminUpdateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.adminUpdate(caller, id, dto);
  }
}
