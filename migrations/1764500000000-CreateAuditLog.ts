import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log: role changes, deactivations, dispatches, key rotations, technicians opening sessions and photos. */
export class CreateAuditLog1764500000000 implements MigrationInterface {
  name = 'CreateAuditLog1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "actor_id" uuid,
        "action" varchar(60) NOT NULL,
        "target_type" varchar(40) NOT NULL,
        "target_id" uuid,
        "details" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"),
        CONSTRAINT "FK_audit_log_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "audit_log_created_idx" ON "audit_log" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_log_action_created_idx" ON "audit_log" ("action", "created_at")`);
    await queryRunner.query(`CREATE INDEX "audit_log_target_idx" ON "audit_log" ("target_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
