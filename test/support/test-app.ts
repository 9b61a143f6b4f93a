import { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { DatabaseConnector } from '../../src/database/database-connector.service';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  databaseUrl?: string;
  close: () => Promise<void>;
}

export interface BootOptions {
  /** Extra environment for this app (set before it is created). */
  env?: Record<string, string | undefined>;
  /** Use this DATABASE_URL instead of a fresh clone of the template; `null` means the embedded default. */
  databaseUrl?: string | null;
  /** Wait until the data source is connected (default true). */
  waitForDatabase?: boolean;
}

/** Boots the real application (same factory as main.ts) on its own database. */
export async function bootTestApp(options: BootOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl === undefined ? await createTestDatabase() : undefined;
  const databaseUrl = options.databaseUrl === undefined ? database?.url : (options.databaseUrl ?? undefined);
  const env: Record<string, string | undefined> = { ...options.env, DATABASE_URL: databaseUrl };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  const app = await createApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  if (options.waitForDatabase !== false) {
    await app.get(DatabaseConnector).whenConnected();
  }
  return {
    app,
    http: supertest(app.getHttpServer()),
    databaseUrl,
    close: async () => {
      await app.close();
      await database?.drop();
    },
  };
}
