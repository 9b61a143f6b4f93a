/**
 * npm run bench: chat throughput against real PostgreSQL, next to a bare Fastify + pg baseline measured
 * in the same run (scripts/bench-baseline-server.ts). Prints requests/s, p50/p99 latency, each server's
 * CPU per request and the ratios. Never run in CI. Server: BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 * else postgres@127.0.0.1/test. BENCH_SECONDS (default 5, per slice), BENCH_ROUNDS (default 4) and
 * BENCH_CONNECTIONS (default 20) tune the load.
 *
 * This machine is shared: its speed drifts by tens of percent within a minute. So the two servers are
 * not measured one after the other but in alternating slices (ours, bare, ours, bare, ...), and the
 * ratio is taken over the sums, so a slow minute weighs on both sides alike; the per-slice ratios are
 * printed too, to show the spread.
 */
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchDatabase, cpuMicros, customerAuth, json, percentile, startProcess as start } from './lib/bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARM_UP_SECONDS = 5;
const DIST = join(__dirname, '..');
const TEXT = 'My washing machine shows E24 after the rinse cycle and the drum is still full of water. '
  .repeat(6)
  .slice(0, 500);

interface Slice {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU over the slice (µs), when /proc tells it. */
  cpu?: number;
}

interface Figures {
  rps: number;
  /** Medians of the slices' p50 and p99. */
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU per request (µs), when /proc tells it. */
  cpuPerRequest?: number;
  slices: Slice[];
}

interface Target {
  server: ChildProcess;
  opts: autocannon.Options;
}

async function slice({ server, opts }: Target, seconds: number): Promise<Slice> {
  const cpuBefore = cpuMicros(server.pid);
  const result = await autocannon({ ...opts, duration: seconds, connections: CONNECTIONS });
  const cpuAfter = cpuMicros(server.pid);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

function summarise(slices: Slice[]): Figures {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  const cpu = slices.every((s) => s.cpu !== undefined) ? slices.reduce((sum, s) => sum + s.cpu!, 0) : undefined;
  return {
    rps: requests / slices.reduce((sum, s) => sum + s.seconds, 0),
    p50: percentile(
      slices.map((s) => s.p50),
      0.5,
    ),
    p99: percentile(
      slices.map((s) => s.p99),
      0.5,
    ),
    errors: slices.reduce((sum, s) => sum + s.errors, 0),
    cpuPerRequest: cpu === undefined ? undefined : cpu / requests,
    slices,
  };
}

/** Warms both up, then alternates slices of ours and the baseline. */
async function compare(ours: Target, bare: Target): Promise<{ ours: Figures; bare: Figures }> {
  // The JIT needs a few thousand requests to settle on our larger code path (the first seconds ran
  // ~40% slower here); both servers get the same warm-up.
  await slice(ours, WARM_UP_SECONDS);
  await slice(bare, WARM_UP_SECONDS);
  const mine: Slice[] = [];
  const theirs: Slice[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    mine.push(await slice(ours, SECONDS));
    theirs.push(await slice(bare, SECONDS));
  }
  return { ours: summarise(mine), bare: summarise(theirs) };
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
    const post = await compare(
      {
        server,
        opts: {
          url: `${api}/chat/sessions/${writeSession}/messages`,
          method: 'POST',
          body,
          headers: { ...headers, ...auth },
        },
      },
      {
        server: bare,
        opts: { url: `http://127.0.0.1:3902/sessions/${baseWrite}/messages`, method: 'POST', body, headers },
      },
    );
    const get = await compare(
      { server, opts: { url: `${api}/chat/sessions/${readSession}`, headers: auth } },
      { server: bare, opts: { url: `http://127.0.0.1:3902/sessions/${baseRead}` } },
    );
    const cpu = (f: Figures): string =>
      f.cpuPerRequest === undefined ? '' : `   server CPU ${f.cpuPerRequest.toFixed(0).padStart(5)} µs/req`;
    const row = (label: string, f: Figures): string =>
      `${label.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}${cpu(f)}`;
    const ratio = (pair: { ours: Figures; bare: Figures }, target: number): string => {
      const perSlice = pair.ours.slices.map((s, i) => {
        const theirs = pair.bare.slices[i];
        return (s.requests / s.seconds / (theirs.requests / theirs.seconds)) * 100;
      });
      const cpuRatio =
        pair.ours.cpuPerRequest === undefined || pair.bare.cpuPerRequest === undefined
          ? ''
          : `; CPU per request ${(pair.ours.cpuPerRequest / pair.bare.cpuPerRequest).toFixed(1)}× the baseline's`;
      return `${((pair.ours.rps / pair.bare.rps) * 100).toFixed(0)}% of baseline (target >= ${target}%; slices ${Math.min(...perSlice).toFixed(0)}–${Math.max(...perSlice).toFixed(0)}%)${cpuRatio}`;
    };
    console.log(
      `\nChat benchmark: ${ROUNDS} alternating ${SECONDS} s slices per server, ${CONNECTIONS} connections, PostgreSQL at ${database.host}`,
    );
    console.log(row('POST message (ours)', post.ours));
    console.log(row('POST message (bare Fastify + pg)', post.bare));
    console.log(row('GET session, 50 msgs (ours)', get.ours));
    console.log(row('GET session, 50 msgs (bare)', get.bare));
    console.log(`POST ratio: ${ratio(post, 60)}`);
    console.log(`GET ratio:  ${ratio(get, 40)}`);
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
