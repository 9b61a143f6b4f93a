/**
 * npm run bench:abuse: the hostile-load report's five scenarios against the built server on real
 * PostgreSQL, each run by an attacker on 127.0.0.2 while a bystander on 127.0.0.3 does its usual requests
 * in turn (log in, read its session, post a message, analyze one photo) and /api/health is polled from
 * 127.0.0.3. Prints, per scenario next to the idle server measured in the same run: the bystander's
 * p50/p99, /api/health's p99, responses ≥ 500 (attacker's and bystander's), and the server's peak RSS.
 * Targets (figures, not assertions): bystander p50 ≤ 2× idle, health p99 ≤ 100 ms, 0 responses ≥ 500,
 * RSS ≤ 1 GB. BENCH_ABUSE_SECONDS (default 20) per scenario. Never run in CI.
 */
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { benchDatabase, percentile, startProcess } from './lib/bench-support';
import { sparseAnimatedGif } from './lib/sparse-gif';

const SECONDS = Number(process.env.BENCH_ABUSE_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_ABUSE_PORT ?? 3931);
const HOST = '127.0.0.1';
const ATTACKER = '127.0.0.2';
const BYSTANDER = '127.0.0.3';
const PASSWORD = 'bench abuse password 1';
const DIST = join(__dirname, '..');

interface Reply {
  status: number;
  body: string;
  ms: number;
}

const agents = new Map<string, Agent>();
function agentFor(address: string): Agent {
  let agent = agents.get(address);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, localAddress: address, maxSockets: 64 });
    agents.set(address, agent);
  }
  return agent;
}

/** One HTTP request from `address`; network errors are status 0. */
function call(address: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  const started = performance.now();
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const req = request(
      {
        host: HOST,
        port: PORT,
        method,
        path,
        agent: agentFor(address),
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
          }),
        );
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    req.end(payload);
  });
}

async function must(reply: Promise<Reply>, what: string): Promise<Record<string, unknown>> {
  const r = await reply;
  if (r.status >= 300) {
    throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  }
  return (JSON.parse(r.body) as { data: Record<string, unknown> }).data;
}

async function account(address: string, label: string): Promise<{ email: string; token: string }> {
  const email = `${label}.${randomBytes(4).toString('hex')}@example.com`;
  await must(call(address, 'POST', '/api/auth/register', { email, password: PASSWORD }), 'register');
  const data = await must(call(address, 'POST', '/api/auth/login', { email, password: PASSWORD }), 'login');
  return { email, token: data.access_token as string };
}

async function newSession(address: string, token: string, title: string): Promise<string> {
  return (await must(call(address, 'POST', '/api/chat/sessions', { title }, token), 'session')).id as string;
}

/** A noisy JPEG of about `bytes` (noise does not compress). */
async function noisyJpeg(width: number, height: number): Promise<string> {
  const jpeg = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** The report's 1.2 KB, 1000×1000, 49-frame GIF, as a data URL. */
function sparseGif(): string {
  return `data:image/gif;base64,${sparseAnimatedGif(1000, 1000, 49).toString('base64')}`;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

interface Figures {
  name: string;
  bystanderP50: number;
  bystanderP99: number;
  bystanderRequests: number;
  healthP99: number;
  serverErrors: number;
  peakRssMb: number;
  attackerRequests: number;
}

/** Runs `attack` (until stopped) next to the bystander and the health probe for SECONDS. */
async function measure(
  name: string,
  server: ChildProcess,
  bystander: { email: string; token: string; session: string; photo: string },
  attack?: (stopped: () => boolean, count: (r: Reply) => void) => Promise<void>,
): Promise<Figures> {
  let stop = false;
  const stopped = (): boolean => stop;
  let serverErrors = 0;
  let attackerRequests = 0;
  const latencies: number[] = [];
  const health: number[] = [];
  let peak = rssMb(server.pid as number);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid as number))), 200);
  const note = (r: Reply): void => {
    if (r.status >= 500) {
      serverErrors += 1;
    }
  };
  const bystanderLoop = async (): Promise<void> => {
    let token = bystander.token;
    while (!stop) {
      const steps: (() => Promise<Reply>)[] = [
        () => call(BYSTANDER, 'POST', '/api/auth/login', { email: bystander.email, password: PASSWORD }),
        () => call(BYSTANDER, 'GET', `/api/chat/sessions/${bystander.session}`, undefined, token),
        () =>
          call(
            BYSTANDER,
            'POST',
            `/api/chat/sessions/${bystander.session}/messages`,
            { role: 'user', content: 'The washer shows E18 again' },
            token,
          ),
        () => call(BYSTANDER, 'POST', '/api/vlm/analyze', { images: [bystander.photo] }, token),
      ];
      for (const step of steps) {
        const r = await step();
        latencies.push(r.ms);
        note(r);
        if (r.status === 200 && r.body.includes('"access_token"')) {
          token = (JSON.parse(r.body) as { data: { access_token: string } }).data.access_token;
        }
        if (stop) {
          break;
        }
      }
    }
  };
  const healthLoop = async (): Promise<void> => {
    while (!stop) {
      const r = await call(BYSTANDER, 'GET', '/api/health');
      health.push(r.ms);
      note(r);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const timer = setTimeout(() => (stop = true), SECONDS * 1000);
  await Promise.all([
    bystanderLoop(),
    healthLoop(),
    attack?.(stopped, (r) => {
      attackerRequests += 1;
      note(r);
    }) ?? Promise.resolve(),
  ]);
  clearTimeout(timer);
  clearInterval(sampler);
  return {
    name,
    bystanderP50: percentile(latencies, 0.5),
    bystanderP99: percentile(latencies, 0.99),
    bystanderRequests: latencies.length,
    healthP99: percentile(health, 0.99),
    serverErrors,
    peakRssMb: peak,
    attackerRequests,
  };
}

/**
 * The attacker waits as long as a 429's Retry-After asks (1 s) unless BENCH_ABUSE_IGNORE_RETRY_AFTER=1:
 * these scenarios measure the capacity rules; a client that ignores them is a plain request flood, which
 * is what RATE_LIMIT_ENABLED is for (the bench runs with it off unless told otherwise).
 */
const IGNORE_RETRY_AFTER = process.env.BENCH_ABUSE_IGNORE_RETRY_AFTER === '1';

/** `workers` loops of `one()` until stopped; `one` answers the last status it got. */
function flood(workers: number, stopped: () => boolean, one: () => Promise<number>): Promise<void> {
  return Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stopped()) {
        const status = await one();
        if (status === 429 && !IGNORE_RETRY_AFTER) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    }),
  ).then(() => undefined);
}

/** Counts a reply and answers its status (for flood). */
function counted(count: (r: Reply) => void, r: Reply): number {
  count(r);
  return r.status;
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_abuse');
  let server: ChildProcess | undefined;
  const slowSockets: Socket[] = [];
  try {
    server = await startProcess(
      join(DIST, 'src', 'main.js'),
      {
        ...db.env,
        PORT: String(PORT),
        HOST: '0.0.0.0',
        RATE_LIMIT_ENABLED: process.env.RATE_LIMIT_ENABLED ?? 'false',
        // The capacity rules at their defaults: what this benchmark is about.
        USER_MAX_CONCURRENT_UPLOADS: undefined,
        USER_MAX_CONCURRENT_READS: undefined,
        USER_MAX_CONCURRENT_INFERENCE: undefined,
        VLM_USER_QUEUE_LIMIT: undefined,
      },
      `http://${HOST}:${PORT}/api/health/ready`,
      120_000,
    );
    for (let i = 0; i < 600; i += 1) {
      if ((await call(BYSTANDER, 'GET', '/api/health/ready')).status === 200) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const photo = await noisyJpeg(480, 360);
    const by = await account(BYSTANDER, 'bystander');
    const bySession = await newSession(BYSTANDER, by.token, 'Washer');
    await must(
      call(
        BYSTANDER,
        'POST',
        `/api/chat/sessions/${bySession}/messages`,
        { role: 'user', content: 'E18', images: [photo] },
        by.token,
      ),
      'bystander photo',
    );
    const bystander = { ...by, session: bySession, photo };
    const attacker = await account(ATTACKER, 'attacker');
    const results: Figures[] = [];
    const log = (f: Figures): void => {
      results.push(f);
      console.error(`… ${f.name}: p50 ${f.bystanderP50.toFixed(0)} ms, errors ${f.serverErrors}`);
    };

    log(await measure('idle', server, bystander));

    // 1. Crafted text: "electric shock " and thousands of short words, then the assistant.
    const crafted = `electric shock ${'no is on ab it '.repeat(6600)}`.slice(0, 100_000);
    const textSession = await newSession(ATTACKER, attacker.token, 'Text');
    log(
      await measure('1 crafted 100 KB text + assistant', server, bystander, (stopped, count) =>
        flood(8, stopped, async () => {
          const path = `/api/chat/sessions/${textSession}`;
          const message = { role: 'user', content: crafted };
          const posted = counted(count, await call(ATTACKER, 'POST', `${path}/messages`, message, attacker.token));
          return posted === 429
            ? posted
            : counted(count, await call(ATTACKER, 'POST', `${path}/assistant`, {}, attacker.token));
        }),
      ),
    );

    // 2. Slow bodies on the anonymous login route: as many sockets as the attacker can open.
    log(
      await measure('2 slow bodies (login)', server, bystander, async (stopped, count) => {
        const open = (): void => {
          if (stopped()) {
            return;
          }
          const socket = connect({ host: HOST, port: PORT, localAddress: ATTACKER });
          slowSockets.push(socket);
          socket.on('connect', () =>
            socket.write(
              'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
            ),
          );
          socket.on('data', (chunk: Buffer) => {
            const status = Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString())?.[1] ?? 0);
            count({ status, body: '', ms: 0 });
          });
          socket.on('error', () => undefined);
          // Refused (429) or timed out (408): open another after Retry-After, or at once when told to ignore it.
          socket.on('close', () => setTimeout(open, IGNORE_RETRY_AFTER ? 10 : 1000));
        };
        for (let i = 0; i < 2000; i += 1) {
          open();
        }
        while (!stopped()) {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        slowSockets.forEach((s) => s.destroy());
      }),
    );

    // 3. One session grown with valid ~9.7 MB photos up to its limit, then read in parallel.
    const bigSession = await newSession(ATTACKER, attacker.token, 'Big');
    const big = await noisyJpeg(3500, 3000);
    console.error(`… growing a session with ${(big.length / 1.37 / 1e6).toFixed(1)} MB photos`);
    for (let i = 0; i < 16; i += 1) {
      const r = await call(
        ATTACKER,
        'POST',
        `/api/chat/sessions/${bigSession}/messages`,
        { role: 'user', content: `photo ${i}`, images: [big, big, big] },
        attacker.token,
      );
      if (r.status !== 201) {
        console.error(`… message ${i}: ${r.status} ${r.body.slice(0, 120)}`);
        break;
      }
    }
    log(
      await measure('3 reading a 200 MB session', server, bystander, (stopped, count) =>
        flood(6, stopped, async () => {
          return counted(
            count,
            await call(ATTACKER, 'GET', `/api/chat/sessions/${bigSession}`, undefined, attacker.token),
          );
        }),
      ),
    );

    // 4. The 1.2 KB, 49-frame GIF, 4 at once.
    const gif = sparseGif();
    const gifSession = await newSession(ATTACKER, attacker.token, 'GIF');
    log(
      await measure('4 49-frame GIF uploads', server, bystander, (stopped, count) =>
        flood(4, stopped, async () => {
          const message = { role: 'user', content: 'gif', images: [gif] };
          const path = `/api/chat/sessions/${gifSession}/messages`;
          return counted(count, await call(ATTACKER, 'POST', path, message, attacker.token));
        }),
      ),
    );

    // 5. 30 parallel assistant calls on one session and an analyze flood.
    const photoSession = await newSession(ATTACKER, attacker.token, 'Flood');
    await must(
      call(
        ATTACKER,
        'POST',
        `/api/chat/sessions/${photoSession}/messages`,
        { role: 'user', content: 'E18', images: [photo] },
        attacker.token,
      ),
      'attacker photo',
    );
    log(
      await measure('5 30 assistant + 30 analyze in parallel', server, bystander, (stopped, count) =>
        Promise.all([
          flood(30, stopped, async () => {
            return counted(
              count,
              await call(ATTACKER, 'POST', `/api/chat/sessions/${photoSession}/assistant`, {}, attacker.token),
            );
          }),
          flood(30, stopped, async () => {
            return counted(
              count,
              await call(ATTACKER, 'POST', '/api/vlm/analyze', { images: [photo] }, attacker.token),
            );
          }),
        ]).then(() => undefined),
      ),
    );

    const idle = results[0];
    console.log(`\nbench:abuse (${SECONDS} s per scenario; attacker ${ATTACKER}, bystander ${BYSTANDER})`);
    console.log(
      '| scenario | bystander p50 / p99 (ms) | p50 vs idle | /api/health p99 (ms) | responses ≥ 500 | peak RSS (MB) | attacker requests |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const f of results) {
      console.log(
        `| ${f.name} | ${f.bystanderP50.toFixed(0)} / ${f.bystanderP99.toFixed(0)} | ${(f.bystanderP50 / idle.bystanderP50).toFixed(2)}× | ${f.healthP99.toFixed(0)} | ${f.serverErrors} | ${f.peakRssMb.toFixed(0)} | ${f.attackerRequests} |`,
      );
    }
    console.log('\nTargets: bystander p50 ≤ 2× idle, /api/health p99 ≤ 100 ms, 0 responses ≥ 500, RSS ≤ 1024 MB.');
  } finally {
    slowSockets.forEach((s) => s.destroy());
    agents.forEach((a) => a.destroy());
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server?.kill('SIGKILL');
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
