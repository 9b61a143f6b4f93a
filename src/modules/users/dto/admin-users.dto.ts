import { IsOmittable } from '../../../common/validation/is-omittable';
import { IsBoolean, IsIn } from 'class-validator';
import { ListQueryDto } from '../../../common/pagination/list-query.dto';
import { USER_ROLES, UserRole } from '../../../common/auth/user-role';

export class ListUsersQueryDto extends ListQueryDto {
  /** Only users with this role. */
  @IsOmittable()
  @IsIn(USER_ROLES)
  role?: UserRole;
}

export class AdminUpdateUserDto {
  /** New role: user, technician or admin. */
  @IsOmittable()
  @IsIn(USER_ROLES)
  role?: UserRole;

  /** false deactivates the account (effective on its next request). */
  @IsOmittable()
  @IsBoolean()
  is_active?: boolean;
}
