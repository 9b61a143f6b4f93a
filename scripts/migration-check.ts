/**
 * migration:check: on a throw-away database on the real PostgreSQL server, apply every migration,
 * fail when the entities still differ from the schema (a migration is missing), then revert them all
 * and apply them again (every `down` works). Server: MIGRATION_CHECK_DATABASE_URL, else
 * TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '../src/config/configuration';
import { buildDataSourceOptions } from '../src/database/typeorm-options';

const serverUrl =
  process.env.MIGRATION_CHECK_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const name = `vlm_migration_check_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await admin(`CREATE DATABASE "${name}"`);
  const dataSource = new DataSource(buildDataSourceOptions(readDatabaseConfig({ DATABASE_URL: url.toString() })));
  try {
    await dataSource.initialize();
    const [{ server_version: version }] = (await dataSource.query('SHOW server_version')) as {
      server_version: string;
    }[];
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`PostgreSQL ${version}: applied ${applied.length} migration(s)`);

    const pending = await dataSource.driver.createSchemaBuilder().log();
    if (pending.upQueries.length > 0) {
      console.error('Entities and migrations disagree; a migration would need:');
      for (const query of pending.upQueries) {
        console.error(`  ${query.query};`);
      }
      console.error('Run: npm run migration:generate -- migrations/<Name>');
      return 1;
    }
    for (let i = 0; i < applied.length; i += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const reapplied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`Reverted and re-applied ${reapplied.length} migration(s): entities and migrations agree`);
    return 0;
  } finally {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migration:check failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
