import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { ChatFeedbackEntity } from './entities/chat-feedback.entity';

/** What a feedback rates: one of the caller's sessions, or a reference of theirs that is not one. */
export type FeedbackTarget = Pick<ChatFeedbackEntity, 'sessionId' | 'sessionRef'>;

@Injectable()
export class ChatFeedbackRepository {
  constructor(@InjectRepository(ChatFeedbackEntity) private readonly repo: Repository<ChatFeedbackEntity>) {}

  findForUser(userId: string, target: FeedbackTarget): Promise<ChatFeedbackEntity | null> {
    return this.repo.findOneBy(
      target.sessionId !== null ? { userId, sessionId: target.sessionId } : { userId, sessionRef: target.sessionRef! },
    );
  }

  insert(
    fields: Pick<ChatFeedbackEntity, 'userId' | 'sessionId' | 'sessionRef' | 'rating' | 'comment' | 'sessionTitle'>,
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
