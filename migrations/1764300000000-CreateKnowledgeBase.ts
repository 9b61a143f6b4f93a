import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fault knowledge base (Diagnosis): entries loaded from src/database/seeds/knowledge-base.json by
 * `npm run seed`. No TypeORM entity: it is read and written with purpose-written SQL (full-text search).
 */
export class CreateKnowledgeBase1764300000000 implements MigrationInterface {
  name = 'CreateKnowledgeBase1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "kb_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "entry_key" varchar(160) NOT NULL,
        "appliance_kind" varchar(30) NOT NULL,
        "brand" varchar(40),
        "code" varchar(12),
        "title" text NOT NULL,
        "keywords" text NOT NULL DEFAULT '',
        "causes" jsonb NOT NULL,
        "steps" jsonb NOT NULL,
        "parts" jsonb NOT NULL,
        "safety_level" varchar(10) NOT NULL,
        "technician_usually" boolean NOT NULL,
        "source" text NOT NULL,
        "data_version" integer NOT NULL,
        "content_hash" varchar(64) NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "search" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce("code", '')), 'A') ||
          setweight(to_tsvector('english', "title"), 'A') ||
          setweight(to_tsvector('english', "keywords"), 'B') ||
          setweight(to_tsvector('english', replace("appliance_kind", '_', ' ')), 'C')
        ) STORED,
        CONSTRAINT "PK_kb_entries" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_kb_entries_entry_key" UNIQUE ("entry_key"),
        CONSTRAINT "CHK_kb_entries_kind" CHECK ("appliance_kind" IN
          ('washer', 'dryer', 'dishwasher', 'refrigerator', 'oven', 'hob', 'microwave', 'air_conditioner')),
        CONSTRAINT "CHK_kb_entries_safety" CHECK ("safety_level" IN ('none', 'caution', 'danger'))
      )`);
    await queryRunner.query(`CREATE INDEX "kb_entries_search_idx" ON "kb_entries" USING GIN ("search")`);
    await queryRunner.query(`CREATE INDEX "kb_entries_code_idx" ON "kb_entries" (upper("code"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kb_entries"`);
  }
}
