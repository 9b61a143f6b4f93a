import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { generateCases } from '../scripts/lib/appliance-scenes';
import { bootTestApp, TestApp } from './support/test-app';
import { LoggedIn, registerUser } from './support/users';

function seed(databaseUrl: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/seed.ts'], {
      cwd: join(__dirname, '..'),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        JWT_SECRET_KEY: 'x'.repeat(40),
        ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
      },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

interface Diagnosis {
  appliance: { kind: string | null; brand: string | null };
  codes: { code: string; title: string; source: string }[];
  likely_causes: { title: string; confidence: number; evidence: string[]; confirmed_visits: number }[];
  steps: string[];
  safety_warnings: string[];
  recommend_technician: boolean;
  technician_reason: string | null;
  likely_parts: string[];
  matched: boolean;
}

describe('Diagnosis: knowledge base, safety triage and the assistant', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    alice = await registerUser(t, 'alice');
  });

  afterAll(async () => {
    await t.close();
  });

  const ask = async (content: string, images: Buffer[] = []): Promise<{ content: string; diagnosis: Diagnosis }> => {
    const sessionId = (await t.http.post('/api/chat/sessions').set(alice.auth).send({}).expect(201)).body.data.id;
    await t.http
      .post(`/api/chat/sessions/${sessionId}/messages`)
      .set(alice.auth)
      .send({ role: 'user', content, images: images.map((i) => i.toString('base64')) })
      .expect(201);
    const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(alice.auth).send({}).expect(201);
    return { content: res.body.data.content, diagnosis: res.body.data.structured.diagnosis };
  };

  it('seeds the knowledge base with npm run seed, idempotently: 200+ sourced entries over every kind and brand', async () => {
    const first = await seed(t.databaseUrl!);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/knowledge base v1: (\d+) inserted, 0 updated, 0 unchanged, 0 removed/);
    const again = await seed(t.databaseUrl!);
    expect(again.out).toMatch(/knowledge base v1: 0 inserted, 0 updated, (\d+) unchanged, 0 removed/);
    const [stats] = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE source = '')::int AS unsourced,
              count(DISTINCT appliance_kind)::int AS kinds,
              array_agg(DISTINCT brand) FILTER (WHERE brand IS NOT NULL) AS brands
         FROM kb_entries`,
    );
    expect(stats.n).toBeGreaterThanOrEqual(200);
    expect(stats.unsourced).toBe(0);
    expect(stats.kinds).toBe(8);
    expect(stats.brands).toEqual(
      expect.arrayContaining([
        'bosch',
        'samsung',
        'lg',
        'whirlpool',
        'ge',
        'electrolux',
        'miele',
        'beko',
        'haier',
        'indesit',
      ]),
    );
  });

  it('diagnoses a typed code with brand and words: ranked causes with evidence, DIY steps, parts', async () => {
    const { content, diagnosis } = await ask('My Bosch washing machine shows E18 and the water will not drain');
    expect(diagnosis).toMatchObject({
      matched: true,
      appliance: { kind: 'washer', brand: 'Bosch' },
      codes: [{ code: 'E18', title: 'Water not draining' }],
      safety_warnings: [],
      recommend_technician: false,
    });
    expect(diagnosis.codes[0].source).toMatch(/Bosch/);
    expect(diagnosis.likely_causes[0].title).toMatch(/filter/i);
    expect(diagnosis.likely_causes[0].confidence).toBeGreaterThan(diagnosis.likely_causes[1].confidence);
    expect(diagnosis.likely_causes[0].evidence).toEqual(
      expect.arrayContaining(['code E18 in your message', 'Bosch appliance']),
    );
    expect(diagnosis.steps.length).toBeGreaterThan(2);
    expect(diagnosis.likely_parts).toContain('drain filter');
    expect(content).toContain('E18 means: Water not draining.');
    expect(content).toContain('What you can try');
  });

  it('uses the code and brand read from a photo', async () => {
    const [scene] = await generateCases({ seed: 11, perKind: 1, width: 1000, height: 750, kinds: ['clean-text'] });
    const { diagnosis } = await ask('It stopped in the middle of the programme', [scene.image]);
    expect(diagnosis.matched).toBe(true);
    expect(diagnosis.codes[0].code.toUpperCase()).toBe(scene.expected.code!.toUpperCase());
    expect(diagnosis.likely_causes[0].evidence[0]).toBe(`code ${diagnosis.codes[0].code} read from photo 1`);
  });

  it('puts safety first: gas, burning, sparks, water near electrics, CO alarms; no DIY steps, a technician', async () => {
    for (const [text, hazard] of [
      ['I can smell gas near the hob and it will not light', /Gas smell/],
      ['There is a burning smell from the tumble dryer', /Burning smell/],
      ['The microwave is sparking inside', /Sparks or shocks/],
      ['Water is leaking from the washing machine towards the plug socket', /Water near electrics/],
      ['The CO alarm went off when the oven was on', /Carbon monoxide/],
    ] as const) {
      const { content, diagnosis } = await ask(text);
      expect({ text, warning: diagnosis.safety_warnings.join(' ') }).toEqual({
        text,
        warning: expect.stringMatching(hazard),
      });
      expect(diagnosis.recommend_technician).toBe(true);
      expect(diagnosis.steps).toEqual([]);
      expect(content.startsWith('⚠️ Safety first:')).toBe(true);
    }
  });

  it('raises no alarm for ordinary faults', async () => {
    for (const text of [
      'The fridge is not cooling properly',
      'Dishwasher leaves the dishes dirty',
      'Washer is shaking a lot when spinning',
    ]) {
      const { diagnosis } = await ask(text);
      expect({ text, warnings: diagnosis.safety_warnings }).toEqual({ text, warnings: [] });
      expect(diagnosis.matched).toBe(true);
    }
  });

  it('says so when nothing matches, asks for a photo, and invents nothing', async () => {
    const { content, diagnosis } = await ask('Hello, can you help me?');
    expect(diagnosis).toMatchObject({ matched: false, codes: [], likely_causes: [], steps: [], likely_parts: [] });
    expect(content).toMatch(/photo of the display/);
  });

  it('reads the tables per request: a seed run takes effect at once', async () => {
    await db.query(`DELETE FROM kb_entries WHERE entry_key = 'lg:washer:OE'`);
    const without = await ask('My LG washer shows OE');
    expect(without.diagnosis.codes.map((c) => c.code)).not.toContain('OE');
    expect((await seed(t.databaseUrl!)).out).toMatch(/1 inserted, 0 updated/);
    const withEntry = await ask('My LG washer shows OE');
    expect(withEntry.diagnosis.codes[0]).toMatchObject({ code: 'OE', title: 'Drain error' });
  });
});
