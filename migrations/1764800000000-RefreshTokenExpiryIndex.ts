import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scheduled purge deletes refresh tokens by expiry in batches: an index on expires_at keeps that cheap. */
export class RefreshTokenExpiryIndex1764800000000 implements MigrationInterface {
  name = 'RefreshTokenExpiryIndex1764800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "refresh_tokens_expires_at_idx" ON "refresh_tokens" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "refresh_tokens_expires_at_idx"`);
  }
}
