/**
 * npm run bench:load: a realistic mix against the built server on real PostgreSQL for BENCH_LOAD_SECONDS
 * (default 120): register, login, create session, post text, post a 200 KB photo, read a session, list
 * sessions, rate a session — each operation its own autocannon instance with connections in proportion to
 * the mix, all running at once, so each reports its own throughput and latency. Prints per-operation
 * req/s, p50/p99 and errors (must be 0), the server's RSS at start and end and its event-loop delay p99
 * (from its own metrics on METRICS_PORT), next to the bare Fastify + pg baseline of the chat benchmark
 * measured in the same run. Never run in CI. Server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres@127.0.0.1/test.
 */
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { benchDatabase, customerAuth, json, startProcess } from './lib/bench-support';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const DIST = join(__dirname, '..');
const USERS = 20;
const PASSWORD = 'bench load password 1';

/** A noisy JPEG of about 200 KB (noise does not compress): what a phone photo costs the server. */
async function photo(): Promise<string> {
  const width = 480;
  const height = 360;
  const pixels = randomBytes(width * height * 3);
  for (let quality = 95; quality > 40; quality -= 5) {
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.length <= 210_000) {
      return jpeg.toString('base64');
    }
  }
  throw new Error('could not make a 200 KB photo');
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

interface Operation {
  name: string;
  connections: number;
  request: (i: number) => { method: 'GET' | 'POST'; path: string; body?: unknown; token?: string };
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

function run(base: string, op: Operation, seconds: number): Promise<Result> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: op.connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => {
              const r = op.request(i++);
              return {
                ...req,
                method: r.method,
                path: r.path,
                body: r.body === undefined ? undefined : JSON.stringify(r.body),
                headers: {
                  'content-type': 'application/json',
                  ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
                },
              };
            },
          },
        ],
      },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              name: op.name,
              rps: result.requests.average,
              p50: result.latency.p50,
              p99: result.latency.p99,
              errors: result.errors + result.non2xx + result.timeouts,
              requests: result.requests.total,
            }),
    );
  });
}

async function main(): Promise<void> {
  const database = await benchDatabase('load_bench');
  const { env } = database;
  const children: ChildProcess[] = [];
  try {
    const api = 'http://127.0.0.1:3911/api';
    const metricsUrl = 'http://127.0.0.1:3913/metrics';
    children.push(
      await startProcess(
        join(DIST, 'src', 'main.js'),
        { ...env, PORT: '3911', HOST: '127.0.0.1', METRICS_PORT: '3913' },
        `${api}/health/ready`,
        60_000,
      ),
    );
    children.push(
      await startProcess(
        join(DIST, 'scripts', 'bench-baseline-server.js'),
        { ...env, PORT: '3912' },
        'http://127.0.0.1:3912/none',
      ),
    );

    // Customers with a few sessions each, a photo, and a baseline session pair.
    const users: { email: string; token: string; sessions: string[] }[] = [];
    for (let u = 0; u < USERS; u += 1) {
      const email = `load.${u}.${randomBytes(3).toString('hex')}@example.com`;
      const auth = await customerAuth(api, email, PASSWORD);
      const sessions: string[] = [];
      for (let s = 0; s < 3; s += 1) {
        const created = await json(`${api}/chat/sessions`, { method: 'POST', headers: auth, body: JSON.stringify({}) });
        sessions.push(created.data.id as string);
        await json(`${api}/chat/sessions/${sessions[s]}/messages`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ role: 'user', content: 'My washing machine shows E18 and will not drain.' }),
        });
      }
      users.push({ email, token: auth.authorization.slice('Bearer '.length), sessions });
    }
    const image = await photo();
    const pick = (i: number) => users[i % USERS];
    const session = (i: number) => pick(i).sessions[Math.floor(i / USERS) % pick(i).sessions.length];
    const text = 'The drum is still full of water after the rinse and the display blinks E18. '.repeat(4);
    const operations: Operation[] = [
      {
        name: 'register',
        connections: 1,
        request: (i) => ({
          method: 'POST',
          path: '/api/auth/register',
          body: { email: `new.${i}.${randomBytes(4).toString('hex')}@example.com`, password: PASSWORD },
        }),
      },
      {
        name: 'login',
        connections: 1,
        request: (i) => ({
          method: 'POST',
          path: '/api/auth/login',
          body: { email: pick(i).email, password: PASSWORD },
        }),
      },
      {
        name: 'create session',
        connections: 2,
        request: (i) => ({ method: 'POST', path: '/api/chat/sessions', body: {}, token: pick(i).token }),
      },
      {
        name: 'post text message',
        connections: 5,
        request: (i) => ({
          method: 'POST',
          path: `/api/chat/sessions/${session(i)}/messages`,
          body: { role: 'user', content: text },
          token: pick(i).token,
        }),
      },
      {
        name: 'post 200 KB photo',
        connections: 2,
        request: (i) => ({
          method: 'POST',
          path: `/api/chat/sessions/${session(i)}/messages`,
          body: { role: 'user', content: 'See the photo', images: [image] },
          token: pick(i).token,
        }),
      },
      {
        name: 'read session',
        connections: 5,
        request: (i) => ({
          method: 'GET',
          path: `/api/chat/sessions/${session(i)}?include_images=false`,
          token: pick(i).token,
        }),
      },
      {
        name: 'list sessions',
        connections: 3,
        request: (i) => ({ method: 'GET', path: '/api/chat/sessions?limit=20', token: pick(i).token }),
      },
      {
        name: 'rate session',
        connections: 1,
        request: (i) => ({
          method: 'POST',
          path: '/api/chat/feedback',
          body: { session_id: session(i), rating: 1 + (i % 5) },
          token: pick(i).token,
        }),
      },
    ];

    const rssStart = await metric(metricsUrl, 'process_resident_memory_bytes');
    await metric(metricsUrl, 'nodejs_eventloop_lag_p99_seconds'); // a scrape resets the delay histogram
    console.log(
      `Load: ${operations.reduce((n, o) => n + o.connections, 0)} connections in all, ${SECONDS} s, PostgreSQL at ${database.host}`,
    );
    // RSS every 10 s during the run: growth that levels off is caching and pools, steady growth a leak.
    const rssSeries: number[] = [];
    const sampler = setInterval(() => {
      void metric(metricsUrl, 'process_resident_memory_bytes').then((v) => rssSeries.push(v));
    }, 10_000);
    const results = await Promise.all(operations.map((op) => run('http://127.0.0.1:3911', op, SECONDS)));
    clearInterval(sampler);
    const lagP99 = await metric(metricsUrl, 'nodejs_eventloop_lag_p99_seconds');
    const rssEnd = await metric(metricsUrl, 'process_resident_memory_bytes');

    // The chat benchmark's bare Fastify + pg baseline, measured now on the same machine and database.
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    const base = await pg.query(`INSERT INTO chat_sessions (user_id) SELECT id FROM users LIMIT 2 RETURNING id`);
    const [baseWrite, baseRead] = base.rows.map((r: { id: string }) => r.id);
    for (let m = 0; m < 50; m += 1) {
      // The chat benchmark's read: a session of 50 messages.
      await pg.query(`INSERT INTO chat_messages (session_id, role, content) VALUES ($1, 'user', $2)`, [baseRead, text]);
    }
    await pg.end();
    const baseline = await run(
      'http://127.0.0.1:3912',
      {
        name: 'baseline: POST message',
        connections: 5,
        request: () => ({
          method: 'POST',
          path: `/sessions/${baseWrite}/messages`,
          body: { role: 'user', content: text },
        }),
      },
      Math.min(30, SECONDS),
    );
    const baselineRead = await run(
      'http://127.0.0.1:3912',
      {
        name: 'baseline: GET session',
        connections: 5,
        request: () => ({ method: 'GET', path: `/sessions/${baseRead}` }),
      },
      Math.min(30, SECONDS),
    );

    const row = (r: Result) =>
      `${r.name.padEnd(26)} ${r.rps.toFixed(1).padStart(8)} req/s  p50 ${String(r.p50).padStart(5)} ms  p99 ${String(r.p99).padStart(5)} ms  ${String(r.requests).padStart(7)} requests  errors ${r.errors}`;
    console.log('\nOperation (all at once)');
    results.forEach((r) => console.log(row(r)));
    const total = results.reduce((n, r) => n + r.rps, 0);
    const errors = results.reduce((n, r) => n + r.errors, 0);
    console.log(`${'total'.padEnd(26)} ${total.toFixed(1).padStart(8)} req/s, errors ${errors} (must be 0)`);
    console.log('\nBare Fastify + pg baseline (chat benchmark routes, alone, 5 connections each)');
    console.log(row(baseline));
    console.log(row(baselineRead));
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nServer RSS: ${mb(rssStart)} at start, ${mb(rssEnd)} at the end (${(((rssEnd - rssStart) / rssStart) * 100).toFixed(0)}%)`,
    );
    console.log(`RSS every 10 s: ${rssSeries.map(mb).join(', ')}`);
    console.log(`Event-loop delay p99 over the run: ${(lagP99 * 1000).toFixed(1)} ms (target <= 50 ms)`);
    if (errors > 0) {
      process.exitCode = 1;
    }
  } finally {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    await database.drop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
