import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { CursorPosition } from '../../common/pagination/cursor';
import { newestFirstPage } from '../../common/pagination/keyset';
import { Period } from '../../common/validation/period';
import { ChatFeedbackEntity } from '../chat-feedback/entities/chat-feedback.entity';
import { TechnicianFeedbackEntity } from '../technician-feedback/entities/technician-feedback.entity';

export interface RatingCountRow {
  week: string;
  week_start: string;
  rating: number;
  count: number;
}

export interface VisitFiguresRow {
  visits: number;
  correct: number;
  first_time_fixed: number;
  parts_sufficient: number;
}

export interface WeeklyVisitFiguresRow extends VisitFiguresRow {
  week: string;
  week_start: string;
}

export interface ModelDiagnosisRows {
  byKind: { appliance_kind: string | null; total: boolean; visits: number; correct: number }[];
  byCode: { appliance_kind: string | null; brand: string | null; code: string; visits: number; correct: number }[];
}

const IN_PERIOD = `($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`;
/** Group by the ISO week's Monday (UTC) first, then format the few group keys (not every row). */
const WEEK = `date_trunc('week', created_at AT TIME ZONE 'UTC')`;
const ISO_WEEK = `to_char(w, 'IYYY-"W"IW')`;
const WEEK_START = `to_char(w, 'YYYY-MM-DD')`;
/** Reports naming a session that was not dispatched to their technician are kept but never counted. */
const VERIFIED = 'session_reference IS NULL';
const VISIT_COUNTS = `count(*)::int AS visits,
  count(*) FILTER (WHERE diagnosis_correct)::int AS correct,
  count(*) FILTER (WHERE NOT second_trip_required)::int AS first_time_fixed,
  count(*) FILTER (WHERE parts_sufficient)::int AS parts_sufficient`;

export interface AdminFeedbackFilters extends Period {
  rating?: number;
  diagnosisCorrect?: boolean;
  technicianId?: string;
}

/** Quality figures, aggregated in SQL (counts per group), never by loading feedback rows. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Chat ratings counted per ISO week (UTC) and rating. */
  chatRatingsByWeek(period: Period): Promise<RatingCountRow[]> {
    return this.dataSource.query(
      `SELECT ${ISO_WEEK} AS week, ${WEEK_START} AS week_start, rating, count
         FROM (SELECT ${WEEK} AS w, rating::int AS rating, count(*)::int AS count
                 FROM chat_feedback WHERE ${IN_PERIOD} GROUP BY 1, 2) g
        ORDER BY w, rating`,
      [period.from, period.to],
    ) as Promise<RatingCountRow[]>;
  }

  async visitFigures(period: Period): Promise<VisitFiguresRow> {
    const [row] = (await this.dataSource.query(
      `SELECT ${VISIT_COUNTS} FROM technician_feedback WHERE ${IN_PERIOD} AND ${VERIFIED}`,
      [period.from, period.to],
    )) as VisitFiguresRow[];
    return row;
  }

  visitFiguresByWeek(period: Period): Promise<WeeklyVisitFiguresRow[]> {
    return this.dataSource.query(
      `SELECT ${ISO_WEEK} AS week, ${WEEK_START} AS week_start, visits, correct, first_time_fixed, parts_sufficient
         FROM (SELECT ${WEEK} AS w, ${VISIT_COUNTS} FROM technician_feedback WHERE ${IN_PERIOD} AND ${VERIFIED} GROUP BY 1) g
        ORDER BY w`,
      [period.from, period.to],
    ) as Promise<WeeklyVisitFiguresRow[]>;
  }

  topMisdiagnosed(period: Period, limit = 10): Promise<{ category: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT actual_problem_category AS category, count(*)::int AS count
         FROM technician_feedback
        WHERE ${IN_PERIOD} AND ${VERIFIED} AND NOT diagnosis_correct AND actual_problem_category IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3`,
      [period.from, period.to, limit],
    ) as Promise<{ category: string; count: number }[]>;
  }

  /**
   * Model diagnoses judged by technicians (diagnosis_outcomes), grouped per appliance kind and, for
   * diagnoses that matched a code, per kind, brand and code; the `total` row is all of them.
   */
  async modelDiagnosisFigures(period: Period, codeLimit = 50): Promise<ModelDiagnosisRows> {
    const counts = `count(*)::int AS visits, count(*) FILTER (WHERE diagnosis_correct)::int AS correct`;
    const [byKind, byCode] = (await Promise.all([
      this.dataSource.query(
        `SELECT appliance_kind, GROUPING(appliance_kind) = 1 AS total, ${counts} FROM diagnosis_outcomes
          WHERE ${IN_PERIOD} GROUP BY ROLLUP (appliance_kind) ORDER BY total DESC, visits DESC, appliance_kind`,
        [period.from, period.to],
      ),
      this.dataSource.query(
        `SELECT appliance_kind, brand, code, ${counts} FROM diagnosis_outcomes
          WHERE ${IN_PERIOD} AND code IS NOT NULL
          GROUP BY 1, 2, 3 ORDER BY visits DESC, 1, 2, 3 LIMIT $3`,
        [period.from, period.to, codeLimit],
      ),
    ])) as [ModelDiagnosisRows['byKind'], ModelDiagnosisRows['byCode']];
    return { byKind, byCode };
  }

  /** Raw chat feedback for admins, newest first (decrypted by the entity's transformers). */
  listChatFeedback(
    filters: AdminFeedbackFilters,
    limit: number,
    after?: CursorPosition,
  ): Promise<ChatFeedbackEntity[]> {
    const query = this.dataSource.getRepository(ChatFeedbackEntity).createQueryBuilder('f');
    if (filters.rating !== undefined) {
      query.andWhere('f.rating = :rating', { rating: filters.rating });
    }
    return this.page(query, filters, limit, after).getMany();
  }

  listTechnicianFeedback(
    filters: AdminFeedbackFilters,
    limit: number,
    after?: CursorPosition,
  ): Promise<TechnicianFeedbackEntity[]> {
    const query = this.dataSource.getRepository(TechnicianFeedbackEntity).createQueryBuilder('f');
    if (filters.rating !== undefined) {
      query.andWhere('f.rating = :rating', { rating: filters.rating });
    }
    if (filters.diagnosisCorrect !== undefined) {
      query.andWhere('f.diagnosis_correct = :correct', { correct: filters.diagnosisCorrect });
    }
    if (filters.technicianId !== undefined) {
      query.andWhere('f.technician_id = :technicianId', { technicianId: filters.technicianId });
    }
    return this.page(query, filters, limit, after).getMany();
  }

  private page<T extends object>(
    query: SelectQueryBuilder<T>,
    period: Period,
    limit: number,
    after?: CursorPosition,
  ): SelectQueryBuilder<T> {
    if (period.from) {
      query.andWhere('f.created_at >= :from', { from: period.from });
    }
    if (period.to) {
      query.andWhere('f.created_at < :to', { to: period.to });
    }
    return newestFirstPage(query, { sort: 'f.created_at', id: 'f.id' }, limit, after);
  }
}
