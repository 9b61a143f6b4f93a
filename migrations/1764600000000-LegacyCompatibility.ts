import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the Python backend's data and contract need (npm run legacy:import, the legacy sign-up form):
 * usernames and the legacy profile on users (phone and address encrypted), accounts without a password
 * (Google sign-in: imported disabled), a session's end, images our pipeline refused (kept, encrypted),
 * chat feedback on a session reference that is not one of ours, and every field of the legacy technician
 * report, several per technician and session (one per visit).
 */
export class LegacyCompatibility1764600000000 implements MigrationInterface {
  name = 'LegacyCompatibility1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "full_name" TYPE character varying(255)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "username" character varying(50)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "phone" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "address" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "profile" jsonb`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "users_username_lower_key" ON "users" (lower("username")) WHERE "username" IS NOT NULL`,
    );

    await queryRunner.query(`ALTER TABLE "chat_sessions" ADD "ended_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "chat_messages" ADD "unprocessed_images" text`);

    await queryRunner.query(`ALTER TABLE "chat_feedback" ALTER COLUMN "session_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "chat_feedback" ADD "session_ref" character varying(255)`);
    await queryRunner.query(
      `ALTER TABLE "chat_feedback" ADD CONSTRAINT "CHK_chat_feedback_session" CHECK (("session_id" IS NULL) <> ("session_ref" IS NULL))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_feedback_user_session_ref_key" ON "chat_feedback" ("user_id", "session_ref") WHERE "session_ref" IS NOT NULL`,
    );

    await queryRunner.query(`DROP INDEX "technician_feedback_technician_session_key"`);
    await queryRunner.query(
      `CREATE INDEX "technician_feedback_session_idx" ON "technician_feedback" ("chat_session_id") WHERE "chat_session_id" IS NOT NULL`,
    );
    for (const column of [
      'actual_reason',
      'actual_parts_needed',
      'ai_diagnosed_problem',
      'ai_recommended_parts',
      'ai_solution_strategy',
    ]) {
      await queryRunner.query(`ALTER TABLE "technician_feedback" ADD "${column}" text`);
    }
    await queryRunner.query(`ALTER TABLE "technician_feedback" ADD "field_trip_was_required" boolean`);
    // A session id the report named that is not one dispatched to its technician: kept, never counted.
    await queryRunner.query(`ALTER TABLE "technician_feedback" ADD "session_reference" uuid`);
    await queryRunner.query(
      `ALTER TABLE "technician_feedback" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "technician_feedback" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "technician_feedback" DROP COLUMN "session_reference"`);
    await queryRunner.query(`ALTER TABLE "technician_feedback" DROP COLUMN "field_trip_was_required"`);
    for (const column of [
      'ai_solution_strategy',
      'ai_recommended_parts',
      'ai_diagnosed_problem',
      'actual_parts_needed',
      'actual_reason',
    ]) {
      await queryRunner.query(`ALTER TABLE "technician_feedback" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`DROP INDEX "technician_feedback_session_idx"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "technician_feedback_technician_session_key" ON "technician_feedback" ("technician_id", "chat_session_id") WHERE "chat_session_id" IS NOT NULL`,
    );

    await queryRunner.query(`DROP INDEX "chat_feedback_user_session_ref_key"`);
    await queryRunner.query(`ALTER TABLE "chat_feedback" DROP CONSTRAINT "CHK_chat_feedback_session"`);
    await queryRunner.query(`ALTER TABLE "chat_feedback" DROP COLUMN "session_ref"`);
    await queryRunner.query(`ALTER TABLE "chat_feedback" ALTER COLUMN "session_id" SET NOT NULL`);

    await queryRunner.query(`ALTER TABLE "chat_messages" DROP COLUMN "unprocessed_images"`);
    await queryRunner.query(`ALTER TABLE "chat_sessions" DROP COLUMN "ended_at"`);

    await queryRunner.query(`DROP INDEX "users_username_lower_key"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "profile"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "address"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "username"`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "full_name" TYPE character varying(200)`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
