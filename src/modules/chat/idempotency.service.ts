import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { ApiError } from '../../common/http/api-error';
import { returningRows } from '../../database/returning-rows';
import { Transactions } from '../../database/transactions';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';

const RETENTION_MS = 24 * 60 * 60 * 1000;
/** An in-progress claim older than this belongs to a request that died: the next retry takes over. */
const LEASE_MS = 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyOutcome =
  { kind: 'proceed'; claimId: string } | { kind: 'replay'; status: number; body: unknown };

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Idempotency-Key for POSTs, scoped (user, route, key) and kept 24 h in PostgreSQL. `claim` inserts an
 * in-progress row (committed at once, so a concurrent duplicate sees it and gets 409); the handler's
 * own transaction calls `complete`, so the stored response and the created rows commit together; a
 * failed handler `release`s the claim so the client may retry.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectRepository(IdempotencyKeyEntity) private readonly repo: Repository<IdempotencyKeyEntity>,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  static validateKey(key: string): string {
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1-255 visible ASCII characters',
        [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }],
      );
    }
    return key;
  }

  async claim(userId: string, route: string, key: string, hash: string): Promise<IdempotencyOutcome> {
    const now = Date.now();
    const inserted = returningRows<{ id: string }>(
      await this.repo.query(
        `INSERT INTO idempotency_keys (user_id, route, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6)
       ON CONFLICT (user_id, route, key) DO NOTHING
       RETURNING id`,
        [userId, route, key, hash, new Date(now + LEASE_MS), new Date(now + RETENTION_MS)],
      ),
    );
    if (inserted.length > 0) {
      return { kind: 'proceed', claimId: inserted[0].id };
    }
    const existing = await this.repo.findOneBy({ userId, route, key });
    if (!existing) {
      return this.claim(userId, route, key, hash); // released in between: try again
    }
    if (existing.expiresAt.getTime() <= now) {
      await this.repo.delete({ id: existing.id, expiresAt: existing.expiresAt });
      return this.claim(userId, route, key, hash);
    }
    if (existing.requestHash !== hash) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request body',
      );
    }
    if (existing.state === 'completed' && existing.responseStatus !== null) {
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    if (existing.lockedUntil.getTime() > now) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is still running',
      );
    }
    // The first request died mid-way: take the claim over, conditionally (a concurrent retry re-checks the
    // row after ours commits and finds the lease renewed, so only one wins). An expired lease, not an exact
    // timestamp match: locked_until may carry microseconds a JavaScript Date cannot.
    const taken = returningRows<{ id: string }>(
      await this.repo.query(
        `UPDATE idempotency_keys SET locked_until = $2
          WHERE id = $1 AND state = 'in_progress' AND locked_until <= $3 RETURNING id`,
        [existing.id, new Date(now + LEASE_MS), new Date(now)],
      ),
    );
    if (taken.length === 0) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is still running',
      );
    }
    return { kind: 'proceed', claimId: existing.id };
  }

  /** In the caller's transaction: the stored answer and the message it describes land together. */
  async complete(claimId: string, status: number, body: unknown): Promise<void> {
    await this.transactions.tx
      .getRepository(IdempotencyKeyEntity)
      .update({ id: claimId }, { state: 'completed', responseStatus: status, responseBody: body as object });
  }

  async release(claimId: string): Promise<void> {
    await this.repo.delete({ id: claimId, state: 'in_progress' });
  }
}
