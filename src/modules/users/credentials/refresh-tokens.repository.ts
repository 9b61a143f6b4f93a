import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { returningRows } from '../../../database/returning-rows';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';

export interface ConsumedRefreshToken {
  id: string;
  userId: string;
  familyId: string;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly repo: Repository<RefreshTokenEntity>) {}

  async insert(
    row: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ? manager.getRepository(RefreshTokenEntity) : this.repo).insert(row);
  }

  /**
   * Marks a live token used and returns it, in one conditional UPDATE: of two concurrent refreshes
   * with the same token, exactly one gets the row.
   */
  async consume(tokenHash: string, manager: EntityManager): Promise<ConsumedRefreshToken | undefined> {
    const rows = returningRows<{ id: string; user_id: string; family_id: string }>(
      await manager.query(
        `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, user_id, family_id`,
        [tokenHash],
      ),
    );
    const row = rows[0];
    return row ? { id: row.id, userId: row.user_id, familyId: row.family_id } : undefined;
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  async revokeFamily(familyId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.repo.manager).query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** Ends every login of a user except `keepFamilyId` (the caller's own, when changing a password). */
  async revokeAllForUser(userId: string, keepFamilyId?: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.repo.manager).query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
      [userId, keepFamilyId ?? null],
    );
  }
}
