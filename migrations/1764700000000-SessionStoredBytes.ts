import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * chat_sessions.stored_bytes: what a session's messages take in storage (texts, images and the
 * assistant's structured result, as stored, encrypted), kept by statement-level triggers on chat_messages
 * whoever writes (the API, legacy:import), so SESSION_MAX_BYTES is one comparison under the session's row
 * lock, exact under concurrent posts.
 */
export class SessionStoredBytes1764700000000 implements MigrationInterface {
  name = 'SessionStoredBytes1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_sessions" ADD "stored_bytes" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION chat_message_stored_bytes(m chat_messages) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
        SELECT octet_length(m.content)::bigint + coalesce(octet_length(m.images), 0)
             + coalesce(octet_length(m.structured), 0) + coalesce(octet_length(m.unprocessed_images), 0)
      $$`);
    await queryRunner.query(`
      UPDATE chat_sessions s SET stored_bytes = t.bytes
        FROM (SELECT session_id, sum(chat_message_stored_bytes(m)) AS bytes FROM chat_messages m GROUP BY session_id) t
       WHERE t.session_id = s.id`);
    await queryRunner.query(`
      CREATE FUNCTION chat_sessions_count_inserted_bytes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE chat_sessions s SET stored_bytes = s.stored_bytes + t.bytes
          FROM (SELECT session_id, sum(chat_message_stored_bytes(n)) AS bytes FROM inserted n GROUP BY session_id) t
         WHERE t.session_id = s.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION chat_sessions_count_deleted_bytes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE chat_sessions s SET stored_bytes = greatest(0, s.stored_bytes - t.bytes)
          FROM (SELECT session_id, sum(chat_message_stored_bytes(o)) AS bytes FROM deleted o GROUP BY session_id) t
         WHERE t.session_id = s.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER chat_messages_stored_bytes_insert AFTER INSERT ON chat_messages
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION chat_sessions_count_inserted_bytes()`);
    await queryRunner.query(`
      CREATE TRIGGER chat_messages_stored_bytes_delete AFTER DELETE ON chat_messages
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION chat_sessions_count_deleted_bytes()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER chat_messages_stored_bytes_delete ON chat_messages`);
    await queryRunner.query(`DROP TRIGGER chat_messages_stored_bytes_insert ON chat_messages`);
    await queryRunner.query(`DROP FUNCTION chat_sessions_count_deleted_bytes()`);
    await queryRunner.query(`DROP FUNCTION chat_sessions_count_inserted_bytes()`);
    await queryRunner.query(`DROP FUNCTION chat_message_stored_bytes(chat_messages)`);
    await queryRunner.query(`ALTER TABLE "chat_sessions" DROP COLUMN "stored_bytes"`);
  }
}
