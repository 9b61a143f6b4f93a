import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { ChatFeedbackEntity } from './entities/chat-feedback.entity';

@Injectable()
export class ChatFeedbackRepository {
  constructor(@InjectRepository(ChatFeedbackEntity) private readonly repo: Repository<ChatFeedbackEntity>) {}

  findForUser(userId: string, sessionId: string): Promise<ChatFeedbackEntity | null> {
    return this.repo.findOneBy({ userId, sessionId });
  }

  insert(
    fields: Pick<ChatFeedbackEntity, 'userId' | 'sessionId' | 'rating' | 'comment' | 'sessionTitle'>,
  ): Promise<ChatFeedbackEntity> {
    return this.repo.save(this.repo.create(fields));
  }

  async update(id: string, fields: Pick<ChatFeedbackEntity, 'rating' | 'comment' | 'sessionTitle'>): Promise<void> {
    await this.repo.update({ id }, fields);
  }

  /** Newest first, keyset on (created_at, id), limit + 1 rows. */
  listForUser(userId: string, limit: number, after?: CursorPosition): Promise<ChatFeedbackEntity[]> {
    const query = this.repo.createQueryBuilder('f').where('f.user_id = :userId', { userId });
    return newestFirstPage(query, { sort: 'f.created_at', id: 'f.id' }, limit, after).getMany();
  }
}
