import { MigrationInterface, QueryRunner } from 'typeorm';

/** Technician-confirmed outcomes of model diagnoses (Diagnosis: learning from technicians, accuracy figures). */
export class CreateDiagnosisOutcomes1764400000000 implements MigrationInterface {
  name = 'CreateDiagnosisOutcomes1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "diagnosis_outcomes" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "technician_feedback_id" uuid NOT NULL,
        "chat_message_id" uuid,
        "entry_key" varchar(160),
        "appliance_kind" varchar(30),
        "brand" varchar(40),
        "code" varchar(12),
        "predicted_category" varchar(40),
        "diagnosis_correct" boolean NOT NULL,
        "confirmed_category" varchar(40),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_diagnosis_outcomes" PRIMARY KEY ("id"),
        CONSTRAINT "FK_diagnosis_outcomes_feedback" FOREIGN KEY ("technician_feedback_id")
          REFERENCES "technician_feedback"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_diagnosis_outcomes_message" FOREIGN KEY ("chat_message_id")
          REFERENCES "chat_messages"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "diagnosis_outcomes_feedback_key" ON "diagnosis_outcomes" ("technician_feedback_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "diagnosis_outcomes_entry_idx" ON "diagnosis_outcomes" ("entry_key", "confirmed_category")`,
    );
    await queryRunner.query(`CREATE INDEX "diagnosis_outcomes_created_idx" ON "diagnosis_outcomes" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "diagnosis_outcomes"`);
  }
}
