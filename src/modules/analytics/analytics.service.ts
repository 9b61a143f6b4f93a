import { parsePeriod } from '../../common/validation/period';
import { PeriodQueryDto } from '../../common/validation/period-query.dto';
import { Injectable } from '@nestjs/common';
import { toCsv } from '../../common/http/csv';
import { CursorPosition, decodeCursor, Page, toPage } from '../../common/pagination/cursor';
import { toChatFeedbackResponse } from '../chat-feedback/chat-feedback.mapper';
import { toTechnicianFeedbackResponse } from '../technician-feedback/technician-feedback.mapper';
import {
  AdminFeedbackFilters,
  AnalyticsRepository,
  ModelDiagnosisRows,
  RatingCountRow,
  VisitFiguresRow,
} from './analytics.repository';
import {
  AdminChatFeedbackQueryDto,
  AdminTechnicianFeedbackQueryDto,
  AnalyticsSummaryDto,
  ModelDiagnosisFiguresDto,
  QualityFiguresDto,
  RatingsSummaryDto,
} from './dto/analytics.dto';

const EXPORT_BATCH = 1000;

/** A share 0..1 rounded to 4 decimals, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function ratingsSummary(rows: Pick<RatingCountRow, 'rating' | 'count'>[]): RatingsSummaryDto {
  const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    distribution[String(row.rating)] += row.count;
    count += row.count;
    sum += row.rating * row.count;
  }
  return { count, average: count === 0 ? null : Math.round((sum / count) * 10_000) / 10_000, distribution };
}

function visitRates(row: VisitFiguresRow | undefined): Omit<QualityFiguresDto, 'chat_ratings'> {
  const visits = row?.visits ?? 0;
  return {
    technician_visits: visits,
    diagnosis_accuracy: rate(row?.correct ?? 0, visits),
    first_time_fix_rate: rate(row?.first_time_fixed ?? 0, visits),
    parts_sufficiency_rate: rate(row?.parts_sufficient ?? 0, visits),
  };
}

export function modelDiagnosisFigures(rows: ModelDiagnosisRows): ModelDiagnosisFiguresDto {
  const total = rows.byKind.find((row) => row.total);
  return {
    visits: total?.visits ?? 0,
    accuracy: rate(total?.correct ?? 0, total?.visits ?? 0),
    by_appliance_kind: rows.byKind
      .filter((row) => !row.total)
      .map((row) => ({
        appliance_kind: row.appliance_kind,
        visits: row.visits,
        accuracy: rate(row.correct, row.visits),
      })),
    by_code: rows.byCode.map((row) => ({
      appliance_kind: row.appliance_kind,
      brand: row.brand,
      code: row.code,
      visits: row.visits,
      accuracy: rate(row.correct, row.visits),
    })),
  };
}

@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async summary(query: PeriodQueryDto): Promise<AnalyticsSummaryDto> {
    const period = parsePeriod(query);
    const [ratingRows, visits, weeklyVisits, misdiagnosed, modelRows] = await Promise.all([
      this.analytics.chatRatingsByWeek(period),
      this.analytics.visitFigures(period),
      this.analytics.visitFiguresByWeek(period),
      this.analytics.topMisdiagnosed(period),
      this.analytics.modelDiagnosisFigures(period),
    ]);
    const weeks = new Map<string, { week_start: string; ratings: RatingCountRow[]; visits?: VisitFiguresRow }>();
    const weekOf = (week: string, weekStart: string) => {
      let entry = weeks.get(week);
      if (!entry) {
        entry = { week_start: weekStart, ratings: [] };
        weeks.set(week, entry);
      }
      return entry;
    };
    for (const row of ratingRows) {
      weekOf(row.week, row.week_start).ratings.push(row);
    }
    for (const row of weeklyVisits) {
      weekOf(row.week, row.week_start).visits = row;
    }
    return {
      from: period.from?.toISOString() ?? null,
      to: period.to?.toISOString() ?? null,
      chat_ratings: ratingsSummary(ratingRows),
      ...visitRates(visits),
      top_misdiagnosed_problems: misdiagnosed,
      model_diagnoses: modelDiagnosisFigures(modelRows),
      weekly: [...weeks.entries()]
        .sort(([, a], [, b]) => a.week_start.localeCompare(b.week_start))
        .map(([week, entry]) => ({
          week,
          week_start: entry.week_start,
          chat_ratings: ratingsSummary(entry.ratings),
          ...visitRates(entry.visits),
        })),
    };
  }

  listChatFeedback(query: AdminChatFeedbackQueryDto) {
    const filters: AdminFeedbackFilters = { ...parsePeriod(query), rating: query.rating };
    return this.listOrExport(
      (limit, after) => this.analytics.listChatFeedback(filters, limit, after),
      (f) => ({ ...toChatFeedbackResponse(f), user_id: f.userId }),
      query,
      ['id', 'user_id', 'session_id', 'rating', 'comment', 'session_title', 'created_at', 'updated_at'],
    );
  }

  listTechnicianFeedback(query: AdminTechnicianFeedbackQueryDto) {
    const filters: AdminFeedbackFilters = {
      ...parsePeriod(query),
      rating: query.rating,
      diagnosisCorrect: query.diagnosis_correct,
      technicianId: query.technician_id,
    };
    return this.listOrExport(
      (limit, after) => this.analytics.listTechnicianFeedback(filters, limit, after),
      toTechnicianFeedbackResponse,
      query,
      [
        'id',
        'technician_id',
        'chat_session_id',
        'rating',
        'comment',
        'diagnosis_correct',
        'parts_sufficient',
        'second_trip_required',
        'actual_problem',
        'actual_solution',
        'actual_problem_category',
        'missing_parts',
        'second_trip_reason',
        'created_at',
      ],
    );
  }

  /** A JSON page, or (format=csv) every matching row, read in keyset batches. */
  private async listOrExport<E extends { createdAt: Date; id: string }, T extends object>(
    fetch: (limit: number, after?: CursorPosition) => Promise<E[]>,
    map: (entity: E) => T,
    query: { format?: 'json' | 'csv'; limit: number; cursor?: string },
    columns: string[],
  ): Promise<{ page: Page<T> } | { csv: string }> {
    const position = (e: E): CursorPosition => ({ sortKey: e.createdAt.toISOString(), id: e.id });
    if (query.format !== 'csv') {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      return { page: toPage(await fetch(query.limit, after), query.limit, position, map) };
    }
    const rows: T[] = [];
    let after: CursorPosition | undefined;
    for (;;) {
      const batch = await fetch(EXPORT_BATCH, after);
      rows.push(...batch.slice(0, EXPORT_BATCH).map(map));
      if (batch.length <= EXPORT_BATCH) {
        break;
      }
      after = position(batch[EXPORT_BATCH - 1]);
    }
    return { csv: toCsv(columns, rows as Record<string, unknown>[]) };
  }
}
