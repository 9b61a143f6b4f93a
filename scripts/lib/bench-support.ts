/** What the benchmark scripts share: starting a built server, JSON calls, percentiles. */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '../../src/config/configuration';
import { buildDataSourceOptions } from '../../src/database/typeorm-options';

/**
 * The V8 flags `npm start` and `npm run start:prod` give the server (package.json): a 64 MB young
 * generation (fewer scavenges for what survives one; README, Benchmark, has what it was measured to
 * save). Benchmarks start every server, baselines too, with these flags.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Starts `node script` (with SERVER_NODE_FLAGS) with this process's environment plus `env` (a key set to
 * undefined is removed) and waits until `readyUrl` answers below 500.
 */
export async function startProcess(
  script: string,
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  timeoutMs = 30_000,
): Promise<ChildProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) {
      delete merged[key];
    }
  }
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], {
    env: merged,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if (child.exitCode !== null) {
      throw new Error(`${script} exited with ${child.exitCode}`);
    }
    const ok = await fetch(readyUrl).then(
      (res) => res.status < 500,
      () => false,
    );
    if (ok) {
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready`);
}

/**
 * CPU time (user + system, all threads) a process has used so far, in microseconds, from
 * /proc/<pid>/stat (Linux; clock ticks of 10 ms, the kernel's USER_HZ); undefined elsewhere. Divided by
 * the requests served, it is a per-request cost that stays steady on a shared machine where
 * requests per second swing with whatever else runs.
 */
export function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** A JSON request that must succeed; returns the envelope. */
export async function json(url: string, init: RequestInit = {}): Promise<{ data: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as { data: Record<string, unknown> };
}

/** Registers a customer and returns the Authorization header of their session. */
export async function customerAuth(
  api: string,
  email: string,
  password: string,
  acceptLanguage?: string,
): Promise<{ authorization: string }> {
  const body = JSON.stringify({ email, password });
  const headers = acceptLanguage === undefined ? undefined : { 'accept-language': acceptLanguage };
  await json(`${api}/auth/register`, { method: 'POST', body, headers });
  const token = (await json(`${api}/auth/login`, { method: 'POST', body })).data.access_token as string;
  return { authorization: `Bearer ${token}` };
}

/** The q-quantile (0..1) by the nearest-rank method; NaN for no values. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The PostgreSQL server benchmarks run against: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local one. */
export const BENCH_SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: BENCH_SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * A throw-away database on BENCH_SERVER with every migration applied, and the environment of a
 * production-like server on it (fresh secrets, rate limits off, warnings only). `drop()` removes it.
 */
export async function benchDatabase(
  label: string,
): Promise<{ url: string; host: string; env: Record<string, string>; drop: () => Promise<void> }> {
  const name = `${label}_${randomBytes(4).toString('hex')}`;
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const drop = () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    const dataSource = new DataSource(buildDataSourceOptions(readDatabaseConfig({ DATABASE_URL: url.toString() })));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    url: url.toString(),
    host: url.host,
    env: {
      DATABASE_URL: url.toString(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      JWT_SECRET_KEY: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64url') + '=',
      DB_POOL_MAX: '10',
      // Throughput benchmarks drive one account from many connections at once, which no real user does:
      // the per-user capacity rules (429) are lifted for them (bench:abuse keeps the defaults).
      USER_MAX_CONCURRENT_UPLOADS: '1000',
      USER_MAX_CONCURRENT_READS: '1000',
      USER_MAX_CONCURRENT_INFERENCE: '1000',
      VLM_USER_QUEUE_LIMIT: '10000',
    },
    drop,
  };
}
