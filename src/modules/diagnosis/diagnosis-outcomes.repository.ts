import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { runStatement } from '../../database/statement';
import { Transactions } from '../../database/transactions';
import { ProblemCategory } from './problem-categories';
import { OutcomeFields } from './diagnosis-learning';
import { DiagnosisOutcomeEntity } from './entities/diagnosis-outcome.entity';

/** diagnosis_outcomes: written with a technician's report, read per diagnosis. */
@Injectable()
export class DiagnosisOutcomesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TransactionHost) private readonly transactions: Transactions,
  ) {}

  /** In the report's transaction: the report and its outcome land together or not at all. */
  async record(link: { technicianFeedbackId: string; chatMessageId: string }, fields: OutcomeFields): Promise<void> {
    await this.transactions.tx.getRepository(DiagnosisOutcomeEntity).insert({ ...link, ...fields });
  }

  /** Confirmed visits per problem category for one knowledge-base entry. */
  async confirmedCounts(entryKey: string): Promise<Map<ProblemCategory, number>> {
    const rows = (await runStatement(
      this.dataSource,
      `SELECT confirmed_category AS category, count(*)::int AS n
         FROM diagnosis_outcomes
        WHERE entry_key = $1 AND confirmed_category IS NOT NULL
        GROUP BY 1`,
      [entryKey],
    )) as { category: ProblemCategory; n: number }[];
    return new Map(rows.map((row) => [row.category, row.n]));
  }
}
