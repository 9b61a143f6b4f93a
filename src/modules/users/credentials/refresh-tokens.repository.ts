import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Repository } from 'typeorm';
import { returningRows } from '../../../database/returning-rows';
import { Transactions } from '../../../database/transactions';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';

export interface ConsumedRefreshToken {
  id: string;
  userId: string;
  familyId: string;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(@Inject(TransactionHost) private readonly transactions: Transactions) {}

  /** Refresh tokens, in the running transaction when there is one (see database/transactions.ts). */
  private get repo(): Repository<RefreshTokenEntity> {
    return this.transactions.tx.getRepository(RefreshTokenEntity);
  }

  async insert(row: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await this.repo.insert(row);
  }

  /**
   * Marks a live token used and returns it, in one conditional UPDATE: of two concurrent refreshes
   * with the same token, exactly one gets the row.
   */
  async consume(tokenHash: string): Promise<ConsumedRefreshToken | undefined> {
    const rows = returningRows<{ id: string; user_id: string; family_id: string }>(
      await this.transactions.tx.query(
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

  async revokeFamily(familyId: string): Promise<void> {
    await this.transactions.tx.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** Ends every login of a user except `keepFamilyId` (the caller's own, when changing a password). */
  async revokeAllForUser(userId: string, keepFamilyId?: string): Promise<void> {
    await this.transactions.tx.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
      [userId, keepFamilyId ?? null],
    );
  }
}
