import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '../../src/config/configuration';
import { buildDataSourceOptions } from '../../src/database/typeorm-options';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const TEMPLATE_DATABASE = 'vlm_e2e_template';

export function databaseUrl(name: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Creates an empty database and applies the real migrations to it. */
export async function createMigratedDatabase(name: string): Promise<void> {
  await dropDatabase(name);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(buildDataSourceOptions(readDatabaseConfig({ DATABASE_URL: databaseUrl(name) })));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/** A private database for one test file, cloned from the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `vlm_e2e_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}
