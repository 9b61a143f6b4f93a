import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Repository } from 'typeorm';
import { Transactions } from '../../database/transactions';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { TechnicianFeedbackEntity } from './entities/technician-feedback.entity';

@Injectable()
export class TechnicianFeedbackRepository {
  constructor(
    @InjectRepository(TechnicianFeedbackEntity) private readonly feedback: Repository<TechnicianFeedbackEntity>,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** In the caller's transaction (the report and its outcome land together). */
  insertFeedback(
    fields: Omit<TechnicianFeedbackEntity, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<TechnicianFeedbackEntity> {
    const repository = this.transactions.tx.getRepository(TechnicianFeedbackEntity);
    return repository.save(repository.create(fields));
  }

  findFeedbackForTechnician(id: string, technicianId: string): Promise<TechnicianFeedbackEntity | null> {
    return this.feedback.findOneBy({ id, technicianId });
  }

  listFeedback(technicianId: string, limit: number, after?: CursorPosition): Promise<TechnicianFeedbackEntity[]> {
    const query = this.feedback.createQueryBuilder('f').where('f.technician_id = :technicianId', { technicianId });
    return newestFirstPage(query, { sort: 'f.created_at', id: 'f.id' }, limit, after).getMany();
  }
}
