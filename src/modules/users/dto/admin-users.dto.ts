import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '../../../common/pagination/list-query.dto';
import { USER_ROLES, UserRole } from '../user-role';

export class ListUsersQueryDto extends ListQueryDto {
  /** Only users with this role. */
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;
}

export class AdminUpdateUserDto {
  /** New role: user, technician or admin. */
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  /** false deactivates the account (effective on its next request). */
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
