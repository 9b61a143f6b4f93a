import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFeedback1764200000000 implements MigrationInterface {
  name = 'CreateFeedback1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "chat_feedback" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "session_id" uuid NOT NULL,
        "rating" smallint NOT NULL,
        "comment" text,
        "session_title" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_chat_feedback" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_chat_feedback_rating" CHECK ("rating" BETWEEN 1 AND 5),
        CONSTRAINT "FK_chat_feedback_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_chat_feedback_session" FOREIGN KEY ("session_id") REFERENCES "chat_sessions"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_feedback_user_session_key" ON "chat_feedback" ("user_id", "session_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "chat_feedback_user_created_idx" ON "chat_feedback" ("user_id", "created_at", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "chat_feedback_created_idx" ON "chat_feedback" ("created_at")`);

    await queryRunner.query(`
      CREATE TABLE "technician_feedback" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "technician_id" uuid,
        "chat_session_id" uuid,
        "rating" smallint NOT NULL,
        "comment" text,
        "diagnosis_correct" boolean NOT NULL,
        "parts_sufficient" boolean NOT NULL,
        "second_trip_required" boolean NOT NULL,
        "actual_problem" text,
        "actual_solution" text,
        "actual_problem_category" character varying(40),
        "missing_parts" text,
        "second_trip_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_technician_feedback" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_technician_feedback_rating" CHECK ("rating" BETWEEN 1 AND 5),
        CONSTRAINT "FK_technician_feedback_technician" FOREIGN KEY ("technician_id") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_technician_feedback_session" FOREIGN KEY ("chat_session_id") REFERENCES "chat_sessions"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "technician_feedback_technician_session_key" ON "technician_feedback" ("technician_id", "chat_session_id") WHERE "chat_session_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "technician_feedback_technician_created_idx" ON "technician_feedback" ("technician_id", "created_at", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "technician_feedback_created_idx" ON "technician_feedback" ("created_at")`);

    await queryRunner.query(`
      CREATE TABLE "session_assignments" (
        "session_id" uuid NOT NULL,
        "technician_id" uuid NOT NULL,
        "assigned_by" uuid,
        "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_session_assignments" PRIMARY KEY ("session_id"),
        CONSTRAINT "FK_session_assignments_session" FOREIGN KEY ("session_id") REFERENCES "chat_sessions"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_session_assignments_technician" FOREIGN KEY ("technician_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_session_assignments_assigned_by" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "session_assignments_technician_idx" ON "session_assignments" ("technician_id", "assigned_at", "session_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "session_assignments"`);
    await queryRunner.query(`DROP TABLE "technician_feedback"`);
    await queryRunner.query(`DROP TABLE "chat_feedback"`);
  }
}
