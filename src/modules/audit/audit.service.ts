import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { Transactions } from '../../database/transactions';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { AuditAction, AuditLogEntity } from './entities/audit-log.entity';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilters {
  action?: AuditAction;
  actorId?: string;
  targetId?: string;
  from: Date | null;
  to: Date | null;
}

/**
 * Writes audit records: in the caller's transaction when one runs (`@Transactional()`), so the record and the
 * change land together.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const repository = this.transactions.tx.getRepository(AuditLogEntity);
    await repository.save(repository.create({ ...entry, details: entry.details ?? null }));
  }

  list(filters: AuditFilters, limit: number, after?: CursorPosition): Promise<AuditLogEntity[]> {
    const query = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (filters.action !== undefined) {
      query.andWhere('a.action = :action', { action: filters.action });
    }
    if (filters.actorId !== undefined) {
      query.andWhere('a.actor_id = :actorId', { actorId: filters.actorId });
    }
    if (filters.targetId !== undefined) {
      query.andWhere('a.target_id = :targetId', { targetId: filters.targetId });
    }
    if (filters.from) {
      query.andWhere('a.created_at >= :from', { from: filters.from });
    }
    if (filters.to) {
      query.andWhere('a.created_at < :to', { to: filters.to });
    }
    return newestFirstPage(query, { sort: 'a.created_at', id: 'a.id' }, limit, after).getMany();
  }
}
