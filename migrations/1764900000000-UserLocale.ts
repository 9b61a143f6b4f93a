import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.locale: the language replies fall back to when a message's own language cannot be told ("tr" or
 * "en"; set from Accept-Language at registration, "tr" for accounts imported from the Turkish legacy app).
 * Existing accounts that came from the legacy app (they carry its profile marker) become "tr".
 */
export class UserLocale1764900000000 implements MigrationInterface {
  name = 'UserLocale1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "locale" character varying(2) NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "CHK_users_locale" CHECK ("locale" IN ('en', 'tr'))`);
    await queryRunner.query(`UPDATE "users" SET "locale" = 'tr' WHERE "profile" ? 'legacy'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "CHK_users_locale"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locale"`);
  }
}
