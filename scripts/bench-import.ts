/**
 * npm run bench:import: builds a legacy database like the Python backend's (test/fixtures/legacy/schema.sql)
 * with BENCH_MESSAGES messages (default 100,000) of which some carry BENCH_IMAGES photos in all (default
 * 20,000: 1600x1200 JPEGs of ~300 KB with EXIF, 1 to 10 per message), then times `legacy:import` into a
 * migrated database of ours and samples its peak RSS. Baseline, in the same run: copying the same legacy
 * database as it is with `pg_dump | psql` (no re-encryption, no image processing), the floor for moving
 * those bytes through PostgreSQL on this machine. Everything it creates on BENCH_SERVER is dropped.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { FernetKey } from '../src/common/crypto/fernet';
import { BENCH_SERVER, benchDatabase, onServer } from './lib/bench-support';

const ROOT = join(__dirname, '..', '..');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 20_000);
const DISTINCT_PHOTOS = 40;

function urlOf(name: string): string {
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A photo-like 1600x1200 JPEG (gradients, texture, noise) of ~300 KB with EXIF (camera, GPS, orientation 1). */
async function photo(seed: number): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const raw = Buffer.alloc(width * height * 3);
  const noise = randomBytes(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      const n = noise[y * width + x] % 14;
      raw[i] = ((x + seed * 37) % width) * 0.15 + n + (((x >> 5) ^ (y >> 5)) & 1) * 40;
      raw[i + 1] = (y / height) * 170 + n;
      raw[i + 2] = 120 + 60 * Math.sin(x / (31 + seed) + y / 47) + n;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 82 })
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: `Snap ${seed}` },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '28/1 58/1 0/1' },
    })
    .toBuffer();
}

async function buildLegacy(url: string, key: FernetKey): Promise<{ photoBytes: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(join(ROOT, 'test', 'fixtures', 'legacy', 'schema.sql'), 'utf8'));
    const photos: string[] = [];
    for (let seed = 0; seed < DISTINCT_PHOTOS; seed += 1) {
      photos.push(`data:image/jpeg;base64,${(await photo(seed)).toString('base64')}`);
    }
    const photoBytes = photos.reduce((sum, p) => sum + (p.length * 3) / 4, 0) / photos.length;
    const users: string[] = [];
    for (let u = 0; u < 200; u += 1) {
      const id = randomUUID();
      users.push(id);
      await client.query(
        `INSERT INTO users (id, email, username, hashed_password, role, is_active, phone)
         VALUES ($1, $2, $3, '$2b$04$eAhciDUefLBz85SmovixuuNLrVhSc4amDitOsoxXae5NCYj9j0mb6', 'user', true, $4)`,
        [id, `customer${u}@example.com`, `customer${u}`, key.encrypt(`+90 555 000 ${String(u).padStart(4, '0')}`)],
      );
    }
    const sessions: string[] = [];
    for (let s = 0; s < MESSAGES / 20; s += 1) {
      const id = randomUUID();
      sessions.push(id);
      await client.query('INSERT INTO chat_sessions (id, user_id, title) VALUES ($1, $2, $3)', [
        id,
        users[s % users.length],
        `Çamaşır makinesi ${s}`,
      ]);
    }
    // Photos go on every (MESSAGES / messagesWithPhotos)-th message, 1..10 per message, 20,000 in all.
    let imagesLeft = IMAGES;
    let photoIndex = 0;
    const withPhotosEvery = Math.max(1, Math.floor(MESSAGES / Math.max(1, Math.ceil(IMAGES / 5.5))));
    let rows: unknown[][] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (rows.length === 0) {
        return;
      }
      const params = rows.flat();
      const tuples = rows.map((_, r) => `($${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5})`);
      await client.query(
        `INSERT INTO chat_messages (id, session_id, role, content, images) VALUES ${tuples.join(', ')}`,
        params,
      );
      rows = [];
      pendingBytes = 0;
    };
    for (let m = 0; m < MESSAGES; m += 1) {
      let images: string | null = null;
      if (imagesLeft > 0 && m % withPhotosEvery === 0) {
        const count = Math.min(imagesLeft, 1 + ((m / withPhotosEvery) % 10));
        const list = Array.from({ length: count }, () => photos[photoIndex++ % photos.length]);
        imagesLeft -= count;
        images = key.encrypt(JSON.stringify(list));
        pendingBytes += images.length;
      }
      rows.push([
        randomUUID(),
        sessions[Math.floor(m / 20)],
        m % 2 === 0 ? 'user' : 'assistant',
        key.encrypt(`Mesaj ${m}: makine su boşaltmıyor, ekranda E21 yazıyor`),
        images,
      ]);
      if (rows.length >= 500 || pendingBytes > 64 * 1024 * 1024) {
        await flush();
      }
    }
    await flush();
    return { photoBytes };
  } finally {
    await client.end();
  }
}

/** Runs a command; resolves with its wall time and the peak RSS sampled from /proc (VmHWM). */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakMb: number; code: number | null; out: string }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const sample = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited between samples
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb: peakKb / 1024, code, out });
    });
  });
}

async function main(): Promise<void> {
  const legacyName = `bench_legacy_${randomBytes(4).toString('hex')}`;
  const copyName = `${legacyName}_copy`;
  const legacyKey = randomBytes(32).toString('base64url') + '=';
  await onServer(`CREATE DATABASE "${legacyName}"`);
  await onServer(`CREATE DATABASE "${copyName}"`);
  const target = await benchDatabase('bench_import');
  try {
    console.log(`Building a legacy database: ${MESSAGES} messages, ${IMAGES} photos…`);
    const built = Date.now();
    const { photoBytes } = await buildLegacy(urlOf(legacyName), new FernetKey(legacyKey));
    console.log(
      `  built in ${((Date.now() - built) / 1000).toFixed(0)} s; photos average ${(photoBytes / 1024).toFixed(0)} KB`,
    );

    const baseline = await timed(
      'bash',
      ['-c', `pg_dump --no-owner "${urlOf(legacyName)}" | psql -q -o /dev/null "${urlOf(copyName)}"`],
      {},
    );
    const run = await timed(
      process.execPath,
      [join(ROOT, 'dist', 'scripts', 'legacy-import.js'), '--from', urlOf(legacyName), '--json'],
      {
        DATABASE_URL: target.url,
        ENCRYPTION_KEY: target.env.ENCRYPTION_KEY,
        LEGACY_ENCRYPTION_KEY: legacyKey,
      },
    );
    const report = JSON.parse(run.out) as {
      tables: { table: string; imported: number }[];
      images: { processed: number };
    };
    console.log('');
    console.log(
      `legacy:import exit ${run.code}: ${report.tables.map((t) => `${t.table} ${t.imported}`).join(', ')}; images ${report.images.processed}`,
    );
    console.log(`legacy:import: ${run.seconds.toFixed(0)} s, peak RSS ${run.peakMb.toFixed(0)} MB`);
    console.log(`baseline (pg_dump | psql of the same database): ${baseline.seconds.toFixed(0)} s`);
    console.log(`ratio import / copy: ${(run.seconds / baseline.seconds).toFixed(2)}`);
    console.log(
      `per photo: ${((run.seconds * 1000) / Math.max(1, report.images.processed)).toFixed(1)} ms of wall time`,
    );
  } finally {
    await target.drop();
    await onServer(`DROP DATABASE IF EXISTS "${legacyName}" WITH (FORCE)`);
    await onServer(`DROP DATABASE IF EXISTS "${copyName}" WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
