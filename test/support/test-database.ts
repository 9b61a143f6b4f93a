import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '../../src/config/configuration';
import { buildDataSourceOptions } from '../../src/database/typeorm-options';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * Every database a test run creates is named `vlm_e2e_<run id>_…`, the run id being made once per jest
 * invocation by the global setup (and inherited by its workers through the environment). Two runs on one
 * server never share a name, and a run only ever drops databases carrying its own id.
 */
const RUN_ID_VARIABLE = 'VLM_TEST_RUN_ID';

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

function runId(): string {
  const id = process.env[RUN_ID_VARIABLE];
  if (id === undefined || !/^[a-z0-9]{8,20}$/.test(id)) {
    throw new Error(`${RUN_ID_VARIABLE} is not set: run the tests through jest (its global setup names the run)`);
  }
  return id;
}

export function runDatabasePrefix(id = runId()): string {
  return `vlm_e2e_${id}_`;
}

export function templateDatabase(): string {
  return `${runDatabasePrefix()}template`;
}

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

function assertOwnDatabase(name: string): void {
  if (!name.startsWith(runDatabasePrefix())) {
    throw new Error(`Refusing to drop ${name}: only databases of this test run (${runDatabasePrefix()}*) are dropped`);
  }
}

/** The rows of one query on the database at `url` (a short-lived connection of its own). */
export async function queryRows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  assertOwnDatabase(name);
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Creates an empty database of this run and applies the real migrations to it. */
export async function createMigratedDatabase(name: string): Promise<void> {
  assertOwnDatabase(name);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(buildDataSourceOptions(readDatabaseConfig({ DATABASE_URL: databaseUrl(name) })));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/** A private database for one test file, cloned from this run's migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runDatabasePrefix()}${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** An empty database of this run (no migrations): a legacy database to import from, say. */
export async function createEmptyDatabase(
  label: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runDatabasePrefix()}${label}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** Drops every database this run created and left behind (a failed file, the template); nobody else's. */
export async function dropRunDatabases(): Promise<string[]> {
  const prefix = runDatabasePrefix();
  const names = await withAdminClient(async (client) =>
    (
      await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
        prefix,
      ])
    ).rows.map((row) => row.datname),
  );
  for (const name of names) {
    await dropDatabase(name);
  }
  return names;
}

export { RUN_ID_VARIABLE };
