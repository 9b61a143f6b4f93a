import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { generateCases } from '../scripts/lib/appliance-scenes';
import { DIAGNOSIS_CASES } from '../scripts/lib/diagnosis-cases';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dispatchSession } from './support/dispatch';

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
  likely_causes: {
    title: string;
    category: string;
    confidence: number;
    evidence: string[];
    confirmed_visits: number;
  }[];
  steps: string[];
  safety_warnings: string[];
  hazards: string[];
  language: string;
  recommend_technician: boolean;
  technician_reason: string | null;
  likely_parts: string[];
  knowledge_entry: string | null;
  matched: boolean;
}

describe('Diagnosis: knowledge base, safety triage and the assistant', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp({ waitForModel: true });
    db = t.app.get(DataSource);
    alice = await registerUser(t, 'alice');
  });

  afterAll(async () => {
    await t.close();
  });

  const ask = async (
    content: string,
    images: Buffer[] = [],
  ): Promise<{ sessionId: string; content: string; diagnosis: Diagnosis }> => {
    const sessionId = (await t.http.post('/api/chat/sessions').set(alice.auth).send({}).expect(201)).body.data.id;
    await t.http
      .post(`/api/chat/sessions/${sessionId}/messages`)
      .set(alice.auth)
      .send({ role: 'user', content, images: images.map((i) => i.toString('base64')) })
      .expect(201);
    const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(alice.auth).send({}).expect(201);
    return { sessionId, content: res.body.data.content, diagnosis: res.body.data.structured.diagnosis };
  };

  it('seeds the knowledge base with npm run seed, idempotently: 200+ sourced entries over every kind and brand', async () => {
    const first = await seed(t.databaseUrl!);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/knowledge base v\d+: (\d+) inserted, 0 updated, 0 unchanged, 0 removed/);
    const again = await seed(t.databaseUrl!);
    expect(again.out).toMatch(/knowledge base v\d+: 0 inserted, 0 updated, (\d+) unchanged, 0 removed/);
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

  describe('in the customer’s language', () => {
    const askAs = async (who: LoggedIn, content: string) => {
      const sessionId = (await t.http.post('/api/chat/sessions').set(who.auth).send({}).expect(201)).body.data.id;
      await t.http
        .post(`/api/chat/sessions/${sessionId}/messages`)
        .set(who.auth)
        .send({ role: 'user', content })
        .expect(201);
      const res = await t.http.post(`/api/chat/sessions/${sessionId}/assistant`).set(who.auth).send({}).expect(201);
      return { content: res.body.data.content as string, diagnosis: res.body.data.structured.diagnosis as Diagnosis };
    };

    it('answers a Turkish gas report in Turkish, safety first, with language-neutral hazard ids', async () => {
      const { content, diagnosis } = await askAs(alice, 'Fırının yanında gaz kokusu var, düğmeyi çevirince artıyor');
      expect(content.startsWith('⚠️ Önce güvenlik: Gaz kokusu')).toBe(true);
      expect(diagnosis).toMatchObject({ hazards: ['gas'], language: 'tr', recommend_technician: true });
      expect(diagnosis.safety_warnings[0]).toContain('187');
      expect(diagnosis.technician_reason).toContain('teknisyen');
    });

    it('diagnoses from Turkish words with the Turkish knowledge-base text (turkish full-text search)', async () => {
      const drain = await askAs(alice, 'Çamaşır makinesi suyu boşaltmıyor, içinde su kalıyor');
      expect(drain.diagnosis).toMatchObject({ matched: true, language: 'tr', appliance: { kind: 'washer' } });
      expect(drain.diagnosis.likely_causes[0].title).toMatch(/Tahliye filtresi/);
      expect(drain.diagnosis.likely_causes[0].category).toBe('filter_blockage');
      expect(drain.diagnosis.steps[0]).toBe('Cihazı kapatın ve fişini çekin.');
      expect(drain.content).toContain('En olası nedenler: Tahliye filtresi');
      const fridge = await askAs(alice, 'Buzdolabı hiç soğutmuyor, içi ılık');
      expect(fridge.diagnosis).toMatchObject({ matched: true, appliance: { kind: 'refrigerator' } });
      expect(fridge.diagnosis.likely_causes.map((c) => c.category)).toContain('compressor');
    });

    it('answers English words in English, whatever the locale, and a bare code in the locale', async () => {
      const ayse = await registerUser(t, 'ayse');
      await t.http.patch('/api/users/me').set(ayse.auth).send({ locale: 'tr' }).expect(200);
      const english = await askAs(
        ayse,
        'Water is leaking under the washing machine and reaching the power socket behind it',
      );
      expect(english.diagnosis).toMatchObject({ hazards: ['water_near_electrics'], language: 'en' });
      expect(english.content.startsWith('⚠️ Safety first: Water near electrics')).toBe(true);
      const code = await askAs(ayse, 'E18');
      expect(code.diagnosis.language).toBe('tr');
      expect(code.content).not.toMatch(/Safety first|I could not/);
    });
  });

  it('reads the tables per request: a seed run takes effect at once', async () => {
    await db.query(`DELETE FROM kb_entries WHERE entry_key = 'lg:washer:OE'`);
    const without = await ask('My LG washer shows OE');
    expect(without.diagnosis.codes.map((c) => c.code)).not.toContain('OE');
    expect((await seed(t.databaseUrl!)).out).toMatch(/1 inserted, 0 updated/);
    const withEntry = await ask('My LG washer shows OE');
    expect(withEntry.diagnosis.codes[0]).toMatchObject({ code: 'OE', title: 'Drain error' });
  });
  it('answers a sample of the labelled bench cases (npm run bench:diagnosis runs them all)', async () => {
    // Every 6th text case: typed codes, symptoms, hazards and look-alikes.
    const sample = DIAGNOSIS_CASES.filter((c) => !c.photo).filter((_, i) => i % 6 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(15);
    for (const c of sample) {
      const { diagnosis } = await ask(c.text);
      const got = {
        text: c.text,
        kind: diagnosis.appliance.kind,
        code: c.expected.code ? diagnosis.codes[0]?.code : undefined,
        inTop3: c.expected.top ? diagnosis.likely_causes.slice(0, 3).some((x) => x.category === c.expected.top) : true,
        hazard: diagnosis.safety_warnings.length > 0,
      };
      expect(got).toEqual({
        text: c.text,
        kind: c.expected.kind,
        code: c.expected.code,
        inTop3: true,
        hazard: c.expected.hazard,
      });
    }
  });

  describe('learning from technicians', () => {
    let admin: LoggedIn;
    let tech: LoggedIn;
    const WRONG_PUMP = {
      rating: 3,
      diagnosis_correct: false,
      parts_sufficient: true,
      second_trip_required: false,
      actual_problem: 'Pump motor seized',
      actual_solution: 'Replaced the drain pump',
      actual_problem_category: 'drain_pump',
    };
    const RIGHT = { rating: 5, diagnosis_correct: true, parts_sufficient: true, second_trip_required: false };

    beforeAll(async () => {
      admin = await createUserWithRole(t, 'admin');
      tech = await createUserWithRole(t, 'technician');
    });

    const visit = async (sessionId: string, report: Record<string, unknown>) => {
      await dispatchSession(t, admin, sessionId, tech.id).expect(200);
      return t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...report, chat_session_id: sessionId })
        .expect(201);
    };
    const outcomes = async (): Promise<number> =>
      (await db.query('SELECT count(*)::int AS n FROM diagnosis_outcomes'))[0].n;

    it('counts only diagnoses the model wrote: a client-posted assistant message teaches nothing', async () => {
      const sessionId = (await t.http.post('/api/chat/sessions').set(alice.auth).send({}).expect(201)).body.data.id;
      for (const [role, content] of [
        ['user', 'My LG washer shows OE'],
        ['assistant', 'Probably the control board.'],
      ]) {
        await t.http
          .post(`/api/chat/sessions/${sessionId}/messages`)
          .set(alice.auth)
          .send({ role, content })
          .expect(201);
      }
      await visit(sessionId, { ...WRONG_PUMP, actual_problem_category: 'control_board' });
      expect(await outcomes()).toBe(0);
      const { diagnosis } = await ask('My LG washer shows OE');
      expect(diagnosis.likely_causes.every((c) => c.confirmed_visits === 0)).toBe(true);
      expect(diagnosis.likely_causes.map((c) => c.category)).not.toContain('control_board');
    });

    it('re-ranks later diagnoses of the same code and appliance from confirmed outcomes', async () => {
      const before = await ask('My LG washer shows OE');
      expect(before.diagnosis.knowledge_entry).toBe('lg:washer:OE');
      expect(before.diagnosis.likely_causes[0].category).toBe('filter_blockage');
      for (let i = 0; i < 3; i++) {
        const { sessionId } = await ask('My LG washer shows OE, water stays in the drum');
        await visit(sessionId, WRONG_PUMP);
      }
      expect(await outcomes()).toBe(3);
      const rows = await db.query(
        `SELECT entry_key, appliance_kind, brand, code, predicted_category, diagnosis_correct, confirmed_category
           FROM diagnosis_outcomes`,
      );
      expect(rows[0]).toEqual({
        entry_key: 'lg:washer:OE',
        appliance_kind: 'washer',
        brand: 'lg',
        code: 'OE',
        predicted_category: 'filter_blockage',
        diagnosis_correct: false,
        confirmed_category: 'drain_pump',
      });

      const after = await ask('My LG washer shows OE');
      const [top] = after.diagnosis.likely_causes;
      expect(top).toMatchObject({ category: 'drain_pump', confirmed_visits: 3 });
      expect(top.evidence).toContain('confirmed by 3 technician visits');
      // (0.2 × 5 + 3) / (5 + 3) = 0.5 of the causes, times 0.95 for an exact code with the right brand.
      expect(top.confidence).toBeCloseTo(0.48, 2);
      expect(after.content).toMatch(/Most likely: Drain pump failed or jammed/);

      // A visit that says the (now re-ranked) diagnosis was right confirms its first cause.
      await visit(after.sessionId, RIGHT);
      const confirmed = await ask('My LG washer shows OE');
      expect(confirmed.diagnosis.likely_causes[0]).toMatchObject({ category: 'drain_pump', confirmed_visits: 4 });

      // Another brand's OE (Samsung: overflow) and another LG appliance's OE learn nothing from these visits.
      const samsung = await ask('My Samsung washer shows OE');
      expect(samsung.diagnosis.knowledge_entry).toBe('samsung:washer:OE');
      expect(samsung.diagnosis.likely_causes.every((c) => c.confirmed_visits === 0)).toBe(true);
    });

    it('learns a cause the knowledge base did not list', async () => {
      const { sessionId } = await ask('My Bosch dishwasher shows E24');
      await visit(sessionId, { ...WRONG_PUMP, actual_problem_category: 'control_board' });
      const again = await ask('My Bosch dishwasher shows E24');
      const learned = again.diagnosis.likely_causes.find((c) => c.category === 'control_board');
      expect(learned).toMatchObject({ title: 'Control board fault', confirmed_visits: 1 });
      expect(learned!.evidence).toContain('confirmed by 1 technician visit');
    });

    it('reports accuracy per appliance kind and per code, model diagnoses only; outcomes outlive deleted sessions', async () => {
      const { sessionId } = await ask('My LG washer shows OE');
      await visit(sessionId, RIGHT);
      await t.http.delete(`/api/chat/sessions/${sessionId}`).set(alice.auth).expect(200);
      const summary = (await t.http.get('/api/analytics/summary').set(admin.auth).expect(200)).body.data;
      // 7 reports in all; the one on a client-posted diagnosis is not a model diagnosis.
      expect(summary.technician_visits).toBe(7);
      expect(summary.model_diagnoses).toEqual({
        visits: 6,
        accuracy: 0.3333,
        by_appliance_kind: [
          { appliance_kind: 'washer', visits: 5, accuracy: 0.4 },
          { appliance_kind: 'dishwasher', visits: 1, accuracy: 0 },
        ],
        by_code: [
          { appliance_kind: 'washer', brand: 'lg', code: 'OE', visits: 5, accuracy: 0.4 },
          { appliance_kind: 'dishwasher', brand: 'bosch', code: 'E24', visits: 1, accuracy: 0 },
        ],
      });
      await t.http.get('/api/analytics/summary').set(tech.auth).expect(403);
    });

    it('learns from a report written in Turkish, its category read from the Turkish text', async () => {
      const { sessionId } = await ask('Beko bulaşık makinesi E4 hatası veriyor, altında su var');
      const report = await visit(sessionId, {
        rating: 4,
        diagnosis_correct: false,
        parts_sufficient: false,
        second_trip_required: true,
        actual_problem: 'Bulaşık makinesinin tahliye pompası arızalı, çark kırılmış',
        actual_solution: 'Pompa değiştirildi',
      });
      expect(report.body.data.actual_problem_category).toBe('drain_pump');
      const rows = await db.query(
        'SELECT confirmed_category, diagnosis_correct FROM diagnosis_outcomes WHERE technician_feedback_id = $1',
        [report.body.data.id],
      );
      expect(rows).toEqual([{ confirmed_category: 'drain_pump', diagnosis_correct: false }]);
    });
  });
});
