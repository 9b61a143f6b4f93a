/**
 * npm run bench:diagnosis: the assistant's diagnoses over the labelled cases of
 * scripts/lib/diagnosis-cases.ts (English) and diagnosis-cases-tr.ts (Turkish), through the built server's HTTP
 * routes on a throw-away PostgreSQL database (BENCH_DATABASE_URL's server, else TEST_DATABASE_URL's; migrated, then
 * seeded with `npm run seed`'s script), or on the embedded database with BENCH_DIAGNOSIS_EMBEDDED=1: customer text,
 * and for photo cases a rendered 1600x1200 display photo. Prints appliance-kind and code accuracy, top-1 / top-3 cause accuracy, safety-triage recall and
 * false-alarm rate, and the assistant route's latency p50/p95, then every miss. Never run in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPanel, mulberry32, scene } from './lib/appliance-scenes';
import { benchDatabase, customerAuth, json, percentile, startProcess } from './lib/bench-support';
import { spawnSync } from 'node:child_process';
import { DiagnosisCase, DIAGNOSIS_CASES, HELD_OUT_CASES } from './lib/diagnosis-cases';
import { TURKISH_DEVELOPMENT_CASES, TURKISH_HELD_OUT_CASES } from './lib/diagnosis-cases-tr';
import { createHash } from 'node:crypto';
import { detect } from 'tinyld';
import { Language } from '../src/common/i18n/language';

const ROOT = join(__dirname, '..', '..');
const PORT = 3941;
const API = `http://127.0.0.1:${PORT}/api`;

interface Diagnosis {
  appliance: { kind: string | null };
  codes: { code: string }[];
  likely_causes: { category: string }[];
  safety_warnings: string[];
  knowledge_entry: string | null;
  language: Language;
}

interface Result {
  group: string;
  case: DiagnosisCase;
  diagnosis: Diagnosis;
  ms: number;
  /** The locale of the customer who sent the case: every other case goes to the other language's customer. */
  locale: Language;
  /** The reply's language as tinyld reads the whole reply text (independently of the server's own choice). */
  replyLanguage: string;
}

function groupOf(c: DiagnosisCase): string {
  if (c.expected.hazard) {
    return 'hazard';
  }
  if (c.photo) {
    return 'photo';
  }
  return c.expected.code ? 'typed code' : 'symptom';
}

async function render(c: DiagnosisCase, index: number): Promise<string[]> {
  if (!c.photo) {
    return [];
  }
  const rand = mulberry32(1000 + index);
  const image = await scene(displayPanel(c.photo.code, c.photo.style, rand), rand, {
    width: 1600,
    height: 1200,
    panelFraction: 0.3,
    degrade: false,
    brand: c.photo.brand,
  });
  return [image.toString('base64')];
}

function share(part: number, whole: number): string {
  return whole === 0 ? '   -' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;
}

function misses(results: Result[]): string[] {
  const lines: string[] = [];
  for (const { case: c, diagnosis: d } of results) {
    const got = {
      kind: d.appliance.kind,
      code: d.codes[0]?.code,
      top: d.likely_causes.slice(0, 3).map((x) => x.category),
      hazard: d.safety_warnings.length > 0,
    };
    const wrong: string[] = [];
    if (got.kind !== c.expected.kind) {
      wrong.push(`kind ${got.kind}`);
    }
    if (c.expected.code && got.code?.toUpperCase() !== c.expected.code.toUpperCase()) {
      wrong.push(`code ${got.code}`);
    }
    if (c.expected.top && got.top[0] !== c.expected.top) {
      wrong.push(`causes [${got.top.join(', ')}]`);
    }
    if (got.hazard !== c.expected.hazard) {
      wrong.push(got.hazard ? 'FALSE ALARM' : 'HAZARD MISSED');
    }
    if (wrong.length > 0) {
      wrong.push(`entry ${d.knowledge_entry}`);
      lines.push(
        `  "${c.text}"${c.photo ? ` + photo ${c.photo.code}` : ''}: expected ${JSON.stringify(c.expected)}; got ${wrong.join('; ')}`,
      );
    }
  }
  return lines;
}

/** Whether the reply (its text, and the diagnosis's `language`) is in the case's language. */
function replyRight(r: Result, language: Language): boolean {
  return r.replyLanguage === language && r.diagnosis.language === language;
}

function replyLanguageReport(results: Result[], language: Language): string[] {
  const right = results.filter((r) => replyRight(r, language)).length;
  const otherLocale = results.filter((r) => r.locale !== language);
  const lines = [
    `\nReply language = ${language}: ${share(right, results.length)}; for customers whose locale is the other language ${share(
      otherLocale.filter((r) => replyRight(r, language)).length,
      otherLocale.length,
    )}`,
  ];
  for (const r of results.filter((x) => !replyRight(x, language))) {
    lines.push(
      `  "${r.case.text}" (locale ${r.locale}): reply read as ${r.replyLanguage}, diagnosis.language ${r.diagnosis.language}`,
    );
  }
  return lines;
}

function report(title: string, results: Result[], language: Language): void {
  console.log(`\n${title}: ${results.length} labelled cases\n`);
  console.log(
    `${'group'.padEnd(12)} ${'cases'.padStart(5)}  ${'kind'.padEnd(16)} ${'code'.padEnd(16)} ${'top-1 cause'.padEnd(16)} ${'top-3 cause'.padEnd(16)}`,
  );
  const groups = ['typed code', 'symptom', 'photo', 'hazard', 'all'];
  for (const group of groups) {
    const of = group === 'all' ? results : results.filter((r) => r.group === group);
    const withCode = of.filter((r) => r.case.expected.code);
    const withTop = of.filter((r) => r.case.expected.top);
    const kind = of.filter((r) => r.diagnosis.appliance.kind === r.case.expected.kind).length;
    const code = withCode.filter(
      (r) => r.diagnosis.codes[0]?.code.toUpperCase() === r.case.expected.code!.toUpperCase(),
    ).length;
    const rank = (r: Result) => r.diagnosis.likely_causes.findIndex((x) => x.category === r.case.expected.top);
    const top1 = withTop.filter((r) => rank(r) === 0).length;
    const top3 = withTop.filter((r) => rank(r) >= 0 && rank(r) < 3).length;
    console.log(
      `${group.padEnd(12)} ${String(of.length).padStart(5)}  ${share(kind, of.length).padEnd(16)} ${share(code, withCode.length).padEnd(16)} ${share(top1, withTop.length).padEnd(16)} ${share(top3, withTop.length).padEnd(16)}`,
    );
  }
  const hazards = results.filter((r) => r.case.expected.hazard);
  const safe = results.filter((r) => !r.case.expected.hazard);
  const flagged = (r: Result) => r.diagnosis.safety_warnings.length > 0;
  console.log(`\nSafety triage recall: ${share(hazards.filter(flagged).length, hazards.length)}`);
  console.log(`False alarms:         ${share(safe.filter(flagged).length, safe.length)}`);
  const latency = (of: Result[]) =>
    of.length === 0
      ? 'no cases'
      : `p50 ${percentile(
          of.map((r) => r.ms),
          0.5,
        ).toFixed(0)} ms, p95 ${percentile(
          of.map((r) => r.ms),
          0.95,
        ).toFixed(0)} ms`;
  console.log(`\nAssistant latency, text only: ${latency(results.filter((r) => !r.case.photo))}`);
  console.log(`Assistant latency, with a 1600x1200 photo: ${latency(results.filter((r) => r.case.photo))}`);
  console.log(replyLanguageReport(results, language).join('\n'));
  const missed = misses(results);
  console.log(missed.length === 0 ? '\nNo misses.' : `\nMisses (${missed.length}):\n${missed.join('\n')}`);
}

/** The server's database: PostgreSQL (migrated and seeded here) unless BENCH_DIAGNOSIS_EMBEDDED=1. */
async function database(): Promise<{ env: NodeJS.ProcessEnv; label: string; drop: () => Promise<void> }> {
  if (process.env.BENCH_DIAGNOSIS_EMBEDDED === '1') {
    return { env: { DATABASE_URL: undefined }, label: 'embedded database, seeded at start-up', drop: async () => {} };
  }
  const db = await benchDatabase('bench_diagnosis');
  const seeded = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'seed.js')], {
    env: { ...process.env, ...db.env },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) {
    await db.drop();
    throw new Error(`seed failed: ${seeded.stderr}`);
  }
  return { env: db.env, label: `PostgreSQL at ${db.host} (${seeded.stdout.trim()})`, drop: db.drop };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-diagnosis-'));
  const db = await database();
  const server = await startProcess(
    join(ROOT, 'dist', 'src', 'main.js'),
    {
      ...db.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
    },
    `${API}/health/ready`,
    60_000,
  ).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  try {
    // Two customers registered as a browser would: Accept-Language sets each one's locale.
    const customers: Record<Language, { authorization: string }> = {
      en: await customerAuth(API, 'bench.diagnosis@example.com', 'bench diagnosis password', 'en-GB,en;q=0.9'),
      tr: await customerAuth(API, 'bench.teshis@example.com', 'bench diagnosis password', 'tr-TR,tr;q=0.9,en;q=0.5'),
    };
    const post = (auth: { authorization: string }, path: string, body: unknown) =>
      json(`${API}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const run = async (cases: DiagnosisCase[], language: Language): Promise<Result[]> => {
      const results: Result[] = [];
      for (const [index, c] of cases.entries()) {
        // Every other case comes from the customer whose locale is the other language.
        const locale: Language = index % 2 === 0 ? language : language === 'en' ? 'tr' : 'en';
        const auth = customers[locale];
        const images = await render(c, index);
        const sessionId = (await post(auth, '/chat/sessions', {})).data.id as string;
        await post(auth, `/chat/sessions/${sessionId}/messages`, { role: 'user', content: c.text, images });
        const started = performance.now();
        const answer = await post(auth, `/chat/sessions/${sessionId}/assistant`, {});
        const ms = performance.now() - started;
        const structured = answer.data.structured as { diagnosis: Diagnosis };
        const replyLanguage = detect(answer.data.content as string, { only: ['en', 'tr'] }) || 'undecided';
        results.push({ group: groupOf(c), case: c, diagnosis: structured.diagnosis, ms, locale, replyLanguage });
      }
      return results;
    };
    console.log(`Every case through POST /api/chat/sessions/{id}/assistant (${db.label})`);
    report(
      'Development set (the knowledge base and retrieval were tuned on it)',
      await run(DIAGNOSIS_CASES, 'en'),
      'en',
    );
    report('Held-out set (written afterwards, never tuned on)', await run(HELD_OUT_CASES, 'en'), 'en');
    report('Turkish development set (tuned on)', await run(TURKISH_DEVELOPMENT_CASES, 'tr'), 'tr');
    const turkishHash = createHash('sha256').update(JSON.stringify(TURKISH_HELD_OUT_CASES)).digest('hex');
    report(
      `Turkish held-out set (committed before any Turkish tuning, never tuned on; sha256 ${turkishHash})`,
      await run(TURKISH_HELD_OUT_CASES, 'tr'),
      'tr',
    );
    console.log(
      '\nTargets: top-3 >= 90% (development) and >= 85% (held out), safety recall 100%, false alarms <= 5%, reply language >= 98%, text p95 <= 50 ms',
    );
  } finally {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
