/**
 * npm run bench:vlm: reading accuracy and latency of the Vlm module over a generated, labelled set of
 * 2-megapixel appliance photos (scripts/lib/appliance-scenes.ts), next to a plain run of
 * @gutenye/ocr-node on the same files in a child process (it brings its own older sharp). Both runs'
 * lines go through the same findings extraction, so the difference is the reading itself. Then the
 * built server is started and GET /api/health is timed while analyze requests keep the model busy.
 * BENCH_VLM_PER_KIND (default 30) images per kind, BENCH_VLM_SEED (default 42); BENCH_VLM_ONLY=health runs
 * only the health-under-load part. Never run in CI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CaseKind, generateCases, SceneCase } from './lib/appliance-scenes';
import { customerAuth, percentile, startProcess } from './lib/bench-support';
import { extractFindings, Finding } from '../src/modules/diagnosis/findings/findings';
import { reconcileLine } from '../src/modules/vlm/findings/reconcile';
import { bundledModelFiles } from '../src/config/model-files';
import { MIN_LINE_CONFIDENCE, PaddleOcrModel } from '../src/modules/vlm/model/paddle-ocr.model';

const PER_KIND = Number(process.env.BENCH_VLM_PER_KIND ?? 30);
const SEED = Number(process.env.BENCH_VLM_SEED ?? 42);
const ROOT = join(__dirname, '..', '..');

interface Outcome {
  kind: CaseKind;
  correct: boolean;
  ms: number;
}

function judge(scene: SceneCase, findings: Finding[]): boolean {
  const values = (type: Finding['type']): string[] => findings.filter((f) => f.type === type).map((f) => f.value);
  if (scene.expected.code !== undefined) {
    const codes = values('error_code');
    return codes.length === 1 && codes[0] === scene.expected.code;
  }
  return values('model_number').includes(scene.expected.model_number ?? '');
}

function report(label: string, outcomes: Outcome[]): void {
  const kinds: CaseKind[] = ['clean-text', 'clean-segment', 'degraded-text', 'degraded-segment', 'rating-plate'];
  const accuracy = (kind: CaseKind): string => {
    const of = outcomes.filter((o) => o.kind === kind);
    return `${((100 * of.filter((o) => o.correct).length) / of.length).toFixed(0)}%`.padStart(5);
  };
  const ms = outcomes.map((o) => o.ms);
  console.log(
    `${label.padEnd(26)} ${kinds.map(accuracy).join('  ')}    ${percentile(ms, 0.5).toFixed(0).padStart(5)} ${percentile(
      ms,
      0.95,
    )
      .toFixed(0)
      .padStart(5)}`,
  );
}

async function plainRun(dir: string, scenes: Map<string, SceneCase>): Promise<Outcome[]> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'bench-vlm-plain-ocr.mjs'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const outcomes: Outcome[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const { file, ms, lines } = JSON.parse(line) as { file: string; ms: number; lines: string[] };
    const scene = scenes.get(file)!;
    const findings = extractFindings(lines.map((text) => ({ image_index: 0, text, confidence: 1 })));
    outcomes.push({ kind: scene.kind, correct: judge(scene, findings), ms });
  }
  return outcomes;
}

async function healthUnderLoad(scenes: SceneCase[]): Promise<string> {
  const port = 3931;
  const api = `http://127.0.0.1:${port}/api`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-vlm-data-'));
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
    VLM_QUEUE_LIMIT: '64',
    // One account drives the inference load here: the per-user capacity rules are lifted.
    USER_MAX_CONCURRENT_INFERENCE: '64',
    VLM_USER_QUEUE_LIMIT: '64',
    DATABASE_URL: undefined, // the embedded database: this measures the model, not PostgreSQL
  };
  const server = await startProcess(join(ROOT, 'dist', 'src', 'main.js'), env, `${api}/health/ready`, 60_000);
  try {
    const auth = await customerAuth(api, 'bench.vlm@example.com', 'bench vlm password 1');
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(body),
      });
    const idle: number[] = [];
    const busy: number[] = [];
    const ping = async (into: number[]): Promise<void> => {
      const t = performance.now();
      await fetch(`${api}/health`);
      into.push(performance.now() - t);
    };
    for (let i = 0; i < 40; i += 1) {
      await ping(idle);
      await new Promise((r) => setTimeout(r, 20));
    }
    let running = true;
    let analyzed = 0;
    const worker = async (): Promise<void> => {
      let i = 0;
      while (running) {
        const scene = scenes[i++ % scenes.length];
        const res = await post('/vlm/analyze', { images: [scene.image.toString('base64')] });
        await res.arrayBuffer();
        analyzed += 1;
      }
    };
    const workers = [worker(), worker()];
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      await ping(busy);
      await new Promise((r) => setTimeout(r, 20));
    }
    running = false;
    await Promise.all(workers);
    const fmt = (v: number[]): string =>
      `p50 ${percentile(v, 0.5).toFixed(1)} ms, p99 ${percentile(v, 0.99).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms`;
    return `GET /api/health idle: ${fmt(idle)}\nGET /api/health while ${analyzed} analyze requests ran (2 at a time): ${fmt(busy)}`;
  } finally {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const scenes = await generateCases({ seed: SEED, perKind: PER_KIND, width: 1600, height: 1200 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-vlm-'));
  const byFile = new Map<string, SceneCase>();
  for (const scene of scenes) {
    writeFileSync(join(dir, `${scene.name}.jpg`), scene.image);
    byFile.set(`${scene.name}.jpg`, scene);
  }
  console.log(
    `Generated ${scenes.length} labelled 1600x1200 JPEGs (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  try {
    if (process.env.BENCH_VLM_ONLY === 'health') {
      console.log(`\n${await healthUnderLoad(scenes.filter((s) => s.kind !== 'rating-plate').slice(0, 20))}`);
      return;
    }
    const model = await PaddleOcrModel.load(bundledModelFiles(), {
      intraOpThreads: 2,
      detectionMaxSide: 960,
      maxRegions: 40,
    });
    await model.read(scenes[0].image); // warm-up, as the server does
    const ours: Outcome[] = [];
    for (const scene of scenes) {
      const t = performance.now();
      const reading = await model.read(scene.image);
      const lines = reading.lines
        .map(reconcileLine)
        .filter((line) => line.text !== '' && line.confidence >= MIN_LINE_CONFIDENCE);
      const findings = extractFindings(lines.map((line) => ({ ...line, image_index: 0 })));
      ours.push({ kind: scene.kind, correct: judge(scene, findings), ms: performance.now() - t });
    }
    await model.release();
    const plain = await plainRun(dir, byFile);
    console.log('\nExact reads per kind (codes; model numbers on plates) and latency per image (ms):');
    console.log(`${''.padEnd(26)}  text   seg  dtext  dseg  plate      p50   p95`);
    report('ours (Vlm module)', ours);
    report('plain @gutenye/ocr-node', plain);
    const codeCases = (o: Outcome[]): Outcome[] => o.filter((x) => x.kind !== 'rating-plate');
    const pct = (o: Outcome[]): string => `${((100 * o.filter((x) => x.correct).length) / o.length).toFixed(1)}%`;
    console.log(`\nAll codes: ours ${pct(codeCases(ours))}, plain ${pct(codeCases(plain))}`);
    console.log('Targets: >= 95% clean codes, >= 90% degraded segment displays, p50 <= 500 ms per 2 MP photo');
    console.log(`\n${await healthUnderLoad(scenes.filter((s) => s.kind !== 'rating-plate').slice(0, 20))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
