import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turkish text for every knowledge-base entry (`tr`: title, keywords, steps; causes carry `title_tr` and
 * `parts_tr`) and its full-text index under PostgreSQL's `turkish` configuration. The searched fields are
 * lower-cased the Turkish way by the seed (İ→i, I→ı) before PostgreSQL sees them, since lower() outside a
 * Turkish locale gets those letters wrong; queries are folded the same way.
 */
export class KnowledgeBaseTurkish1765000000000 implements MigrationInterface {
  name = 'KnowledgeBaseTurkish1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "kb_entries" ADD "tr" jsonb`);
    await queryRunner.query(`
      ALTER TABLE "kb_entries" ADD "search_tr" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('turkish', coalesce("code", '')), 'A') ||
        setweight(to_tsvector('turkish', coalesce("tr"->>'title_search', '')), 'A') ||
        setweight(to_tsvector('turkish', coalesce("tr"->>'keywords_search', '')), 'B')
      ) STORED`);
    await queryRunner.query(`CREATE INDEX "kb_entries_search_tr_idx" ON "kb_entries" USING GIN ("search_tr")`);
    // Entries change shape: the next seed rewrites every row.
    await queryRunner.query(`UPDATE "kb_entries" SET "content_hash" = ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "kb_entries_search_tr_idx"`);
    await queryRunner.query(`ALTER TABLE "kb_entries" DROP COLUMN "search_tr"`);
    await queryRunner.query(`ALTER TABLE "kb_entries" DROP COLUMN "tr"`);
  }
}
