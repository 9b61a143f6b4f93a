/**
 * npm run bench: chat throughput against real PostgreSQL, next to a bare Fastify + pg baseline measured
 * in the same run (scripts/bench-baseline-server.ts). Prints requests/s, p50/p99 latency and the ratios.
 * Never run in CI. Server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres@127.0.0.1/test.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 20) tune the load.
 */
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchDatabase, cpuMicros, customerAuth, json, startProcess as start } from './lib/bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DIST = join(__dirname, '..');
const TEXT = 'My washing machine shows E24 after the rinse cycle and the drum is still full of water. '
  .repeat(6)
  .slice(0, 500);

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU per request (µs), when /proc tells it. */
  cpuPerRequest?: number;
}

async function load(server: ChildProcess, opts: autocannon.Options): Promise<Figures> {
  await autocannon({ ...opts, duration: 2 }); // warm-up
  const cpuBefore = cpuMicros(server.pid);
  const result = await autocannon({ ...opts, duration: SECONDS, connections: CONNECTIONS });
  const cpuAfter = cpuMicros(server.pid);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuPerRequest:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

async function main(): Promise<void> {
  const database = await benchDatabase('vlm_bench');
  const { env } = database;
  const children: ChildProcess[] = [];
  try {
    const api = 'http://127.0.0.1:3901/api';
    const server = await start(
      join(DIST, 'src', 'main.js'),
      { ...env, PORT: '3901', HOST: '127.0.0.1' },
      `${api}/health/ready`,
    );
    children.push(server);
    const bare = await start(
      join(DIST, 'scripts', 'bench-baseline-server.js'),
      { ...env, PORT: '3902' },
      'http://127.0.0.1:3902/none',
    );
    children.push(bare);

    const email = `bench.${randomBytes(3).toString('hex')}@example.com`;
    const auth = await customerAuth(api, email, 'bench password 123');
    const newSession = async (): Promise<string> =>
      (await json(`${api}/chat/sessions`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'bench' }) }))
        .data.id as string;
    const readSession = await newSession();
    const writeSession = await newSession();
    for (let i = 0; i < 50; i += 1) {
      await json(`${api}/chat/sessions/${readSession}/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ role: i % 2 ? 'assistant' : 'user', content: TEXT }),
      });
    }
    // The baseline reads the same number of plaintext rows from a session of its own.
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    const { rows } = await pg.query(`SELECT user_id FROM chat_sessions WHERE id = $1`, [readSession]);
    const base = await pg.query(`INSERT INTO chat_sessions (user_id) VALUES ($1), ($1) RETURNING id`, [
      rows[0].user_id,
    ]);
    const [baseRead, baseWrite] = base.rows.map((r: { id: string }) => r.id);
    for (let i = 0; i < 50; i += 1) {
      await pg.query(`INSERT INTO chat_messages (session_id, role, content) VALUES ($1, 'user', $2)`, [baseRead, TEXT]);
    }
    await pg.end();

    const body = JSON.stringify({ role: 'user', content: TEXT });
    const headers = { 'content-type': 'application/json' };
    const ours = {
      post: await load(server, {
        url: `${api}/chat/sessions/${writeSession}/messages`,
        method: 'POST',
        body,
        headers: { ...headers, ...auth },
      }),
      get: await load(server, { url: `${api}/chat/sessions/${readSession}`, headers: auth }),
    };
    const baseline = {
      post: await load(bare, {
        url: `http://127.0.0.1:3902/sessions/${baseWrite}/messages`,
        method: 'POST',
        body,
        headers,
      }),
      get: await load(bare, { url: `http://127.0.0.1:3902/sessions/${baseRead}` }),
    };
    const cpu = (f: Figures): string =>
      f.cpuPerRequest === undefined ? '' : `   server CPU ${f.cpuPerRequest.toFixed(0).padStart(5)} µs/req`;
    const row = (label: string, f: Figures): string =>
      `${label.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}${cpu(f)}`;
    const cpuRatio = (ours: Figures, bare: Figures): string =>
      ours.cpuPerRequest === undefined || bare.cpuPerRequest === undefined
        ? ''
        : `; CPU per request ${(ours.cpuPerRequest / bare.cpuPerRequest).toFixed(1)}× the baseline's`;
    console.log(`\nChat benchmark: ${SECONDS} s per run, ${CONNECTIONS} connections, PostgreSQL at ${database.host}`);
    console.log(row('POST message (ours)', ours.post));
    console.log(row('POST message (bare Fastify + pg)', baseline.post));
    console.log(row('GET session, 50 msgs (ours)', ours.get));
    console.log(row('GET session, 50 msgs (bare)', baseline.get));
    console.log(
      `POST ratio: ${((ours.post.rps / baseline.post.rps) * 100).toFixed(0)}% of baseline (target >= 60%)${cpuRatio(ours.post, baseline.post)}`,
    );
    console.log(
      `GET ratio:  ${((ours.get.rps / baseline.get.rps) * 100).toFixed(0)}% of baseline (target >= 40%)${cpuRatio(ours.get, baseline.get)}`,
    );
  } finally {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
