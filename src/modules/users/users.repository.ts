import { Language } from '../../common/i18n/language';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource, Repository } from 'typeorm';
import { CursorPosition } from '../../common/pagination/cursor';
import { NamedStatement, runStatement } from '../../database/statement';
import { Transactions } from '../../database/transactions';
import { newestFirstPage } from '../../common/pagination/keyset';
import { UserEntity } from './entities/user.entity';
import { UserRole } from '../../common/auth/user-role';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ProfileColumns } from './profile-changes';

/** Once per authenticated request (the JWT guard): prepared, see NamedStatement. */
const AUTH_CONTEXT: NamedStatement = {
  name: 'auth_context',
  text: `SELECT u.id, u.email, u.role, u.is_active, u.locale,
                EXISTS (SELECT 1 FROM refresh_tokens r
                         WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL) AS session_active
           FROM users u WHERE u.id = $1`,
};

export interface AuthContextRow {
  id: string;
  email: string;
  role: UserRole;
  isActive: boolean;
  sessionActive: boolean;
  locale: Language;
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** Users, in the running transaction when there is one (see database/transactions.ts). */
  private get repo(): Repository<UserEntity> {
    return this.transactions.tx.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  /** The account an email or a username names (the legacy app logs in with either). */
  async findByLogin(identifier: string): Promise<UserEntity | null> {
    return (await this.findByEmail(identifier.trim())) ?? (await this.findByUsername(identifier.trim()));
  }

  create(
    fields: Pick<UserEntity, 'email' | 'passwordHash' | 'fullName' | 'role'> &
      Partial<Pick<UserEntity, 'locale'>> &
      ProfileColumns,
  ): Promise<UserEntity> {
    const repo = this.repo;
    return repo.save(repo.create(fields));
  }

  async update(
    id: string,
    fields: Partial<Pick<UserEntity, 'passwordHash' | 'fullName' | 'role' | 'isActive' | 'locale'>> & ProfileColumns,
  ): Promise<void> {
    // Plain values: the column transformers encrypt phone and address on the way in.
    await this.repo.update({ id }, fields as QueryDeepPartialEntity<UserEntity>);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** The user and whether the login session `sessionId` is still live, in one query (the JWT guard). */
  async findAuthContext(userId: string, sessionId: string): Promise<AuthContextRow | undefined> {
    const rows = await runStatement<{
      id: string;
      email: string;
      role: UserRole;
      is_active: boolean;
      session_active: boolean;
      locale: Language;
    }>(this.dataSource, AUTH_CONTEXT, [userId, sessionId]);
    const row = rows[0];
    return row
      ? {
          id: row.id,
          email: row.email,
          role: row.role,
          isActive: row.is_active,
          sessionActive: row.session_active,
          locale: row.locale,
        }
      : undefined;
  }

  /** Newest first, keyset on (created_at, id); fetches limit + 1 to know if there is a next page. */
  list(filter: { role?: UserRole }, limit: number, after?: CursorPosition): Promise<UserEntity[]> {
    const query = this.repo.createQueryBuilder('u');
    if (filter.role) {
      query.andWhere('u.role = :role', { role: filter.role });
    }
    return newestFirstPage(query, { sort: 'u.created_at', id: 'u.id' }, limit, after).getMany();
  }

  /**
   * Locks the active admins' rows (FOR UPDATE) for the rest of the caller's transaction, so two admins cannot
   * demote each other at once.
   */
  async lockActiveAdminIds(): Promise<string[]> {
    const rows = (await this.transactions.tx.query(
      `SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id FOR UPDATE`,
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
