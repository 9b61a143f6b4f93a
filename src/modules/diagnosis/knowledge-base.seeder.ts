import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DatabaseConnector } from '../../database/database-connector.service';
import { loadKnowledgeBase } from './knowledge-base';
import { KnowledgeBaseRepository, SeedReport } from './knowledge-base.repository';

/**
 * Loads the knowledge-base data file into kb_entries, idempotently. `npm run seed` runs it against
 * DATABASE_URL (ops decide when); the embedded database applies it at start-up, after its migrations.
 */
@Injectable()
export class KnowledgeBaseSeeder implements OnModuleInit {
  private readonly logger = new Logger('KnowledgeBase');

  constructor(
    private readonly repository: KnowledgeBaseRepository,
    private readonly connector: DatabaseConnector,
  ) {}

  onModuleInit(): void {
    this.connector.afterEmbeddedMigrations(async () => {
      const report = await this.seed();
      if (report.inserted + report.updated + report.removed > 0) {
        this.logger.log(describe(report));
      }
    });
  }

  seed(): Promise<SeedReport> {
    const { version, entries } = loadKnowledgeBase();
    return this.repository.sync(version, entries);
  }
}

export function describe(report: SeedReport): string {
  return `knowledge base v${report.version}: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed`;
}
