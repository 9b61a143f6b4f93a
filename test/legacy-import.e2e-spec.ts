import sharp from 'sharp';
import { FernetKey, FernetKeyring } from '../src/common/crypto/fernet';
import { ImportReport } from '../src/legacy-import/import-report';
import { runLegacyImport } from '../src/legacy-import/legacy-importer';
import { CliResult, runScript } from './support/cli';
import { dataUrl, jpegWithExif, png } from './support/images';
import { LEGACY_KEY, legacyHash, LegacyDatabase, PYTHON_FERNET } from './support/legacy-database';
import { bootTestApp, TestApp } from './support/test-app';
import { createTestDatabase, queryRows } from './support/test-database';
import { login } from './support/users';

const OUR_KEY = process.env.ENCRYPTION_KEY as string;
const OLD_PASSWORD = 'Eski-Parola-2024!';
const PASSWORD_HERE = 'a sturdy passphrase 42';

function legacyImport(
  args: string[],
  env: Record<string, string>,
  onStart?: (kill: () => void) => void,
): Promise<CliResult> {
  return runScript('legacy-import.ts', args, env, onStart);
}

const counts = async (url: string): Promise<Record<string, number>> =>
  (
    await queryRows<Record<string, number>>(
      url,
      `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM chat_sessions) AS chat_sessions,
              (SELECT count(*)::int FROM chat_messages) AS chat_messages,
              (SELECT count(*)::int FROM chat_feedback) AS chat_feedback,
              (SELECT count(*)::int FROM technician_feedback) AS technician_feedback`,
    )
  )[0];

const table = (report: ImportReport, name: string) => report.tables.find((t) => t.table === name)!;

describe('npm run legacy:import: the Python backend’s database, nothing lost', () => {
  let legacy: LegacyDatabase;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let report: ImportReport;
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    legacy = await LegacyDatabase.create();
    target = await createTestDatabase();
    const hash = legacyHash(OLD_PASSWORD);
    const jpeg = await jpegWithExif(64, 32);
    ids.enterprise = await legacy.other('enterprises', { name: 'Servis A.Ş.', contact_email: 'info@servis.example' });
    ids.ayse = await legacy.user({
      email: 'ayse@example.com',
      username: 'ayse',
      hashed_password: hash,
      full_name: 'Ayşe Yılmaz',
      phone: PYTHON_FERNET.tokens.phone,
      address: PYTHON_FERNET.tokens.address,
      preferred_contact_method: 'phone',
      skill_level: 3,
      referral_source: 'arkadaş',
      available_tools: ['tornavida', 'multimetre'],
      owned_products: [{ brand: 'Arçelik', model: '9120 PM' }],
      created_at: new Date('2024-03-01T10:00:00Z'),
    });
    ids.tech = await legacy.user({
      email: 'tekniker@example.com',
      hashed_password: hash,
      enterprise_role: 'technician',
      enterprise_id: ids.enterprise,
      employee_id: 'T-17',
    });
    ids.senior = await legacy.user({
      email: 'kidemli@example.com',
      hashed_password: hash,
      enterprise_role: 'senior_technician',
    });
    ids.manager = await legacy.user({
      email: 'mudur@example.com',
      hashed_password: hash,
      enterprise_role: 'branch_manager',
    });
    ids.guest = await legacy.user({ email: 'misafir@example.com', role: 'guest', hashed_password: hash });
    ids.admin = await legacy.user({ email: 'yonetici@example.com', role: 'admin', hashed_password: hash });
    ids.google = await legacy.user({ email: 'google@example.com', google_id: 'g-123', hashed_password: null });
    ids.twin = await legacy.user({
      email: 'Ayse@Example.com',
      username: 'ayse2',
      hashed_password: hash,
      created_at: new Date('2024-05-01T10:00:00Z'),
    });
    ids.sameName = await legacy.user({ email: 'baska@example.com', username: 'AYSE', hashed_password: hash });

    ids.session = await legacy.session(ids.ayse, {
      title: 'Çamaşır makinesi E21',
      session_key: 'legacy-key-1',
      ended_at: new Date('2024-03-02T09:00:00Z'),
      created_at: new Date('2024-03-01T11:00:00Z'),
    });
    ids.twinSession = await legacy.session(ids.twin, { title: 'twin' });
    ids.photos = await legacy.message(ids.session, {
      raw: {
        content: PYTHON_FERNET.tokens.content,
        images: legacy.encrypt(
          JSON.stringify([
            dataUrl(jpeg, 'image/jpeg'),
            (await png(8, 8)).toString('base64'),
            'data:image/svg+xml;base64,PHN2Zy8+',
          ]),
        ),
        created_at: new Date('2024-03-01T11:01:00Z'),
      },
    });
    ids.reply = await legacy.message(ids.session, {
      role: 'assistant',
      content: 'Pompa filtresini temizleyin.',
      raw: { created_at: new Date('2024-03-01T11:02:00Z') },
    });
    ids.imageOnly = await legacy.message(ids.session, {
      content: null,
      images: [dataUrl(jpeg, 'image/jpeg')],
      raw: { created_at: new Date('2024-03-01T11:03:00Z') },
    });
    ids.otherKey = await legacy.message(ids.session, {
      raw: {
        content: new FernetKey(Buffer.alloc(32, 9).toString('base64url') + '=').encrypt('lost'),
        created_at: new Date('2024-03-01T11:04:00Z'),
      },
    });
    ids.system = await legacy.message(ids.session, { role: 'system', content: 'prompt' });
    ids.twinMessage = await legacy.message(ids.twinSession, { content: 'twin message' });

    ids.rating = await legacy.chatFeedback(ids.ayse, ids.session, {
      rating: 4,
      comment: 'Çok yardımcı oldu',
      session_title: 'Çamaşır makinesi E21',
    });
    ids.foreignRating = await legacy.chatFeedback(ids.ayse, 'frontend-session-42', { rating: 5 });
    ids.twinRating = await legacy.chatFeedback(ids.twin, ids.twinSession, { rating: 2 });
    ids.badRating = await legacy.chatFeedback(ids.ayse, 'x', { rating: 9 });

    const fullReport = {
      rating: 3,
      comment: 'Müşteri memnun',
      diagnosis_correct: false,
      parts_sufficient: false,
      second_trip_required: true,
      ai_diagnosed_problem: 'Pompa tıkalı',
      ai_recommended_parts: 'Pompa filtresi',
      ai_solution_strategy: 'Filtreyi temizle',
      actual_problem: 'Motor arızası',
      actual_reason: 'Kömürler bitmiş',
      actual_solution: 'Motor kömürleri değişti',
      actual_parts_needed: 'Motor kömürü',
      field_trip_was_required: true,
    };
    ids.visit1 = await legacy.technicianFeedback(ids.tech, { chat_session_id: ids.session, ...fullReport });
    ids.visit2 = await legacy.technicianFeedback(ids.tech, { chat_session_id: ids.session, rating: 5 });
    ids.unset = await legacy.technicianFeedback(ids.senior, {
      diagnosis_correct: null,
      parts_sufficient: null,
      second_trip_required: null,
    });
    ids.onTwin = await legacy.technicianFeedback(ids.tech, { chat_session_id: ids.twinSession });
    await legacy.other('login_history', { user_id: ids.ayse, email: 'ayse@example.com', success: true });
    await legacy.other('login_history', { user_id: ids.ayse, email: 'ayse@example.com', success: false });

    report = await runLegacyImport({
      sourceUrl: legacy.url,
      targetUrl: target.url,
      legacyKey: new FernetKey(LEGACY_KEY),
      keyring: new FernetKeyring(OUR_KEY),
      dryRun: false,
      batchSize: 3,
    });
    t = await bootTestApp({ databaseUrl: target.url });
  });

  afterAll(async () => {
    await t?.close();
    await target?.drop();
    await legacy?.drop();
  });

  it('reports every table: read, imported, mapped and not carried, with reasons', () => {
    expect(table(report, 'users')).toMatchObject({ read: 9, imported: 8, already_present: 0 });
    expect(table(report, 'users').not_carried).toEqual({
      "its email differs only in case from an earlier account's (ayse@example.com)": 1,
    });
    expect(table(report, 'users').mapped).toMatchObject({
      'role role=user, enterprise_role=technician -> technician': 1,
      'role role=user, enterprise_role=senior_technician -> technician': 1,
      'role role=user, enterprise_role=branch_manager -> user': 1,
      'role role=guest -> user': 1,
      'no password (Google sign-in): imported disabled': 1,
      'username left out (taken by another account, ignoring case)': 1,
    });
    expect(table(report, 'chat_sessions')).toMatchObject({ read: 2, imported: 1 });
    expect(table(report, 'chat_messages')).toMatchObject({ read: 6, imported: 4 });
    expect(table(report, 'chat_messages').not_carried).toEqual({
      'its account was not imported (Ayse@Example.com)': 1,
      'role system is neither user nor assistant': 1,
    });
    expect(table(report, 'chat_feedback')).toMatchObject({ read: 4, imported: 2 });
    expect(table(report, 'chat_feedback').not_carried).toEqual({
      'its account was not imported (Ayse@Example.com)': 1,
      'its rating is not a whole number from 1 to 5': 1,
    });
    expect(table(report, 'technician_feedback')).toMatchObject({ read: 4, imported: 4 });
    expect(table(report, 'technician_feedback').mapped).toEqual({
      'its session was not imported: kept without it': 1,
      'an unset flag took the legacy default': 1,
    });
    expect(report.excluded_accounts).toEqual([
      {
        user_id: ids.twin,
        email: 'Ayse@Example.com',
        reason: "its email differs only in case from an earlier account's (ayse@example.com)",
        dependents: { chat_sessions: 1, chat_messages: 1, chat_feedback: 1 },
      },
    ]);
    expect(report.values_not_decrypted).toEqual({ 'chat_messages.content': 1 });
    expect(report.images.processed).toBe(3);
    expect(report.images.refused).toEqual([
      { message_id: ids.photos, index: 2, reason: 'is not a JPEG, PNG, WebP or GIF image' },
    ]);
    expect(report.disabled_accounts.map((d) => d.user_id)).toEqual([ids.google]);
    expect(report.role_mappings).toHaveLength(4);
    expect(report.tables_not_imported).toEqual([
      { table: 'appointments', rows: 0 },
      { table: 'enterprises', rows: 1 },
      { table: 'improvement_data', rows: 0 },
      { table: 'login_history', rows: 2 },
    ]);
  });

  it('logs customers in with their old password (then re-hashed), and keeps ids, roles and timestamps', async () => {
    const ayse = await login(t.http, 'AYSE@example.com', OLD_PASSWORD);
    expect(ayse.id).toBe(ids.ayse);
    const [stored] = await queryRows<{ password_hash: string; created_at: Date }>(
      target.url,
      'SELECT password_hash, created_at FROM users WHERE id = $1',
      [ids.ayse],
    );
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.created_at.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    const me = await t.http.get('/api/users/me').set(ayse.auth).expect(200);
    expect(me.body.data).toMatchObject({
      email: 'ayse@example.com',
      full_name: 'Ayşe Yılmaz',
      role: 'user',
      locale: 'tr',
    });

    for (const [email, role] of [
      ['tekniker@example.com', 'technician'],
      ['kidemli@example.com', 'technician'],
      ['mudur@example.com', 'user'],
      ['yonetici@example.com', 'admin'],
    ]) {
      const who = await login(t.http, email, OLD_PASSWORD);
      expect((await t.http.get('/api/users/me').set(who.auth).expect(200)).body.data.role).toBe(role);
    }
    const google = await t.http
      .post('/api/auth/login')
      .send({ email: 'google@example.com', password: 'anything at all' });
    expect(google.status).toBe(401);
    const twin = await t.http.post('/api/auth/login').send({ email: 'Ayse@Example.com', password: 'wrong' });
    expect(twin.status).toBe(401);
  });

  it('keeps the profile, with phone and address re-encrypted under our key', async () => {
    const [user] = await queryRows<{
      phone: string;
      address: string;
      profile: Record<string, unknown>;
      username: string;
    }>(target.url, 'SELECT phone, address, profile, username FROM users WHERE id = $1', [ids.ayse]);
    const ours = new FernetKey(OUR_KEY);
    expect(ours.decrypt(user.phone).toString()).toBe('+90 532 111 22 33');
    expect(ours.decrypt(user.address).toString()).toBe('Atatürk Cad. No:5, Kadıköy, İstanbul');
    expect(user.username).toBe('ayse');
    expect(user.profile).toEqual({
      preferred_contact_method: 'phone',
      skill_level: 3,
      gdpr_consent: true,
      age_verified: true,
      referral_source: 'arkadaş',
      available_tools: ['tornavida', 'multimetre'],
      owned_products: [{ brand: 'Arçelik', model: '9120 PM' }],
      legacy: { role: 'user' },
    });
    const [tech] = await queryRows<{ profile: { legacy: Record<string, unknown> } }>(
      target.url,
      'SELECT profile FROM users WHERE id = $1',
      [ids.tech],
    );
    expect(tech.profile.legacy).toEqual({
      role: 'user',
      enterprise_role: 'technician',
      enterprise_id: ids.enterprise,
      employee_id: 'T-17',
    });
    const [same] = await queryRows<{ username: string | null }>(
      target.url,
      'SELECT username FROM users WHERE id = $1',
      [ids.sameName],
    );
    expect(same.username).toBeNull();
  });

  it('serves the chats through the API: Turkish text, photos through our pipeline, metadata stripped', async () => {
    const ayse = await login(t.http, 'ayse@example.com', OLD_PASSWORD);
    const list = await t.http.get('/api/chat/sessions').set(ayse.auth).expect(200);
    expect(list.body.data.items).toHaveLength(1);
    expect(list.body.data.items[0]).toMatchObject({ id: ids.session, title: 'Çamaşır makinesi E21' });
    const detail = await t.http.get(`/api/chat/sessions/${ids.session}`).set(ayse.auth).expect(200);
    const messages = detail.body.data.messages as {
      id: string;
      role: string;
      content: string | null;
      images: string[];
      image_refs: { content_type: string }[];
      decryption_error?: boolean;
    }[];
    expect(messages.map((m) => m.id)).toEqual([ids.photos, ids.reply, ids.imageOnly, ids.otherKey]);
    expect(messages[0].content).toBe('Çamaşır makinesi su boşaltmıyor, ekranda E21 yazıyor');
    expect(messages[0].image_refs.map((r) => r.content_type)).toEqual(['image/jpeg', 'image/png']);
    expect(messages[0].images.map((i) => i.slice(0, 23))).toEqual([
      'data:image/jpeg;base64,',
      'data:image/png;base64,i',
    ]);
    const photo = await sharp(Buffer.from(messages[0].images[0].split(',')[1], 'base64')).metadata();
    expect(photo.exif).toBeUndefined();
    expect([photo.width, photo.height]).toEqual([32, 64]); // EXIF orientation applied to the pixels
    expect(messages[1]).toMatchObject({ role: 'assistant', content: 'Pompa filtresini temizleyin.' });
    expect(messages[2].images).toHaveLength(1);
    expect(messages[3]).toMatchObject({ content: null, decryption_error: true });

    // The refused SVG is kept, encrypted under our key, and never served.
    const [raw] = await queryRows<{ unprocessed_images: string }>(
      target.url,
      'SELECT unprocessed_images FROM chat_messages WHERE id = $1',
      [ids.photos],
    );
    expect(JSON.parse(new FernetKey(OUR_KEY).decrypt(raw.unprocessed_images).toString())).toEqual([
      'data:image/svg+xml;base64,PHN2Zy8+',
    ]);
    // The unreadable content is the legacy ciphertext as it was: it opens once its key is added.
    const [kept] = await queryRows<{ content: string }>(target.url, 'SELECT content FROM chat_messages WHERE id = $1', [
      ids.otherKey,
    ]);
    expect(kept.content).toMatch(/^gAAAAA/);
  });

  it('keeps both feedback kinds with every field', async () => {
    const ayse = await login(t.http, 'ayse@example.com', OLD_PASSWORD);
    const rating = await t.http.get(`/api/chat/feedback/${ids.session}`).set(ayse.auth).expect(200);
    expect(rating.body.data).toMatchObject({
      id: ids.rating,
      session_id: ids.session,
      rating: 4,
      comment: 'Çok yardımcı oldu',
      session_title: 'Çamaşır makinesi E21',
    });
    const all = await t.http.get('/api/chat/feedback').set(ayse.auth).expect(200);
    expect((all.body.data.items as { session_id: string }[]).map((f) => f.session_id).sort()).toEqual(
      [ids.session, 'frontend-session-42'].sort(),
    );

    const tech = await login(t.http, 'tekniker@example.com', OLD_PASSWORD);
    const reports = await t.http.get('/api/technicians/feedback').set(tech.auth).expect(200);
    expect(reports.body.data.items).toHaveLength(3);
    const [stored] = await queryRows<Record<string, unknown>>(
      target.url,
      'SELECT * FROM technician_feedback WHERE id = $1',
      [ids.visit1],
    );
    const ours = new FernetKey(OUR_KEY);
    const open = (column: string) => ours.decrypt(stored[column] as string).toString();
    expect(stored).toMatchObject({
      technician_id: ids.tech,
      chat_session_id: ids.session,
      rating: 3,
      diagnosis_correct: false,
      parts_sufficient: false,
      second_trip_required: true,
      field_trip_was_required: true,
    });
    expect(
      [
        'comment',
        'ai_diagnosed_problem',
        'ai_recommended_parts',
        'ai_solution_strategy',
        'actual_problem',
        'actual_reason',
        'actual_solution',
        'actual_parts_needed',
      ].map(open),
    ).toEqual([
      'Müşteri memnun',
      'Pompa tıkalı',
      'Pompa filtresi',
      'Filtreyi temizle',
      'Motor arızası',
      'Kömürler bitmiş',
      'Motor kömürleri değişti',
      'Motor kömürü',
    ]);
    const [unset] = await queryRows<Record<string, unknown>>(
      target.url,
      'SELECT diagnosis_correct, parts_sufficient, second_trip_required FROM technician_feedback WHERE id = $1',
      [ids.unset],
    );
    expect(unset).toEqual({ diagnosis_correct: true, parts_sufficient: true, second_trip_required: false });
    const [onTwin] = await queryRows<{ chat_session_id: string | null }>(
      target.url,
      'SELECT chat_session_id FROM technician_feedback WHERE id = $1',
      [ids.onTwin],
    );
    expect(onTwin.chat_session_id).toBeNull();
  });

  it('adds nothing on a second run, and still says what it could not carry (exit 1)', async () => {
    const before = await counts(target.url);
    const again = await legacyImport(['--from', legacy.url, '--json'], {
      DATABASE_URL: target.url,
      ENCRYPTION_KEY: OUR_KEY,
      LEGACY_ENCRYPTION_KEY: LEGACY_KEY,
    });
    expect(again.code).toBe(1);
    const second = JSON.parse(again.out) as ImportReport;
    expect(second.tables.map((x) => x.imported)).toEqual([0, 0, 0, 0, 0]);
    expect(table(second, 'chat_messages').already_present).toBe(4);
    expect(second.excluded_accounts).toHaveLength(1);
    expect(await counts(target.url)).toEqual(before);
  });
});

describe('npm run legacy:import: dry run, resume after SIGKILL, configuration errors', () => {
  let legacy: LegacyDatabase;
  const env = (url: string) => ({ DATABASE_URL: url, ENCRYPTION_KEY: OUR_KEY, LEGACY_ENCRYPTION_KEY: LEGACY_KEY });
  const MESSAGES = 1200;

  beforeAll(async () => {
    legacy = await LegacyDatabase.create();
    const hash = legacyHash(OLD_PASSWORD);
    const user = await legacy.user({ email: 'clean@example.com', hashed_password: hash });
    const session = await legacy.session(user, { title: 'Buzdolabı soğutmuyor' });
    const values: string[] = [];
    const params: unknown[] = [];
    for (let i = 0; i < MESSAGES; i += 1) {
      params.push(session, legacy.encrypt(`mesaj ${i}`));
      values.push(`(gen_random_uuid(), $${params.length - 1}, 'user', $${params.length})`);
    }
    await legacy.client.query(
      `INSERT INTO chat_messages (id, session_id, role, content) VALUES ${values.join(', ')}`,
      params,
    );
    await legacy.chatFeedback(user, session, { rating: 5 });
  });

  afterAll(async () => {
    await legacy?.drop();
  });

  it('--dry-run writes nothing and prints the same report', async () => {
    const target = await createTestDatabase();
    try {
      const dry = await legacyImport(['--from', legacy.url, '--dry-run'], env(target.url));
      expect(dry.err).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.out).toContain('Dry run: nothing was written.');
      expect(dry.out).toContain(`chat_messages: ${MESSAGES} read, ${MESSAGES} would import, 0 already present`);
      expect(await counts(target.url)).toEqual({
        users: 0,
        chat_sessions: 0,
        chat_messages: 0,
        chat_feedback: 0,
        technician_feedback: 0,
      });
    } finally {
      await target.drop();
    }
  });

  it('ends with exactly one copy of everything when killed mid-run and run again', async () => {
    const target = await createTestDatabase();
    try {
      const killed = await legacyImport(['--from', legacy.url, '--batch-size', '20'], env(target.url), (kill) => {
        const poll = setInterval(() => {
          void counts(target.url).then((c) => {
            if (c.chat_messages > 0) {
              clearInterval(poll);
              kill();
            }
          });
        }, 20);
      });
      expect(killed.code).toBeNull(); // killed, not finished
      const partial = await counts(target.url);
      expect(partial.chat_messages).toBeLessThan(MESSAGES);

      const resumed = await legacyImport(['--from', legacy.url, '--json'], env(target.url));
      expect(resumed.code).toBe(0);
      const result = JSON.parse(resumed.out) as ImportReport;
      expect(table(result, 'chat_messages').imported + table(result, 'chat_messages').already_present).toBe(MESSAGES);
      expect(await counts(target.url)).toEqual({
        users: 1,
        chat_sessions: 1,
        chat_messages: MESSAGES,
        chat_feedback: 1,
        technician_feedback: 0,
      });
      const again = await legacyImport(['--from', legacy.url], env(target.url));
      expect(again.code).toBe(0);
      expect(again.out).toContain(`chat_messages: ${MESSAGES} read, 0 imported, ${MESSAGES} already present`);
    } finally {
      await target.drop();
    }
  });

  it('exits 2 with one line naming the problem: keys, databases, an unmigrated target, usage', async () => {
    const target = await createTestDatabase();
    try {
      const cases: [string[], Record<string, string>, RegExp][] = [
        [
          ['--from', legacy.url],
          { ...env(target.url), LEGACY_ENCRYPTION_KEY: '' },
          /^LEGACY_ENCRYPTION_KEY is required/,
        ],
        [
          ['--from', legacy.url],
          { ...env(target.url), LEGACY_ENCRYPTION_KEY: 'short' },
          /^LEGACY_ENCRYPTION_KEY must be a Fernet key/,
        ],
        [['--from', legacy.url], { ...env(target.url), ENCRYPTION_KEY: '' }, /ENCRYPTION_KEY is required/],
        [
          ['--from', legacy.url],
          { ...env(target.url), LEGACY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64url') + '=' },
          /^LEGACY_ENCRYPTION_KEY opens none of \d+ encrypted legacy values/,
        ],
        [
          ['--from', 'postgresql://postgres@127.0.0.1:1/nowhere'],
          env(target.url),
          /^Cannot connect to the legacy database/,
        ],
        [['--from', legacy.url], env(legacy.url), /^DATABASE_URL is not migrated/],
        [[], env(target.url), /^--from must be/],
        [['--from', legacy.url, '--bogus'], env(target.url), /Unknown option '--bogus'/],
        [['--from', legacy.url], { ...env(target.url), DATABASE_URL: '' }, /^DATABASE_URL must be/],
      ];
      for (const [args, environment, message] of cases) {
        const result = await legacyImport(args, environment);
        // A log line in the API's format (time, ERROR, pid, then the message): `^` anchors at the message.
        const logged = /^\[[\d:.]+\] ERROR \(\d+\): (.*)/.exec(result.err);
        expect({ args, code: result.code, message: logged?.[1] }).toMatchObject({
          code: 2,
          message: expect.stringMatching(message),
        });
      }
      expect(await counts(target.url)).toMatchObject({ users: 0, chat_messages: 0 });
    } finally {
      await target.drop();
    }
  });
});

describe('npm run legacy:import: what it cannot carry, it keeps and names', () => {
  it('leaves out an account whose email is taken here, keeps unreadable and non-list images, and exits 1', async () => {
    const legacy = await LegacyDatabase.create();
    const target = await createTestDatabase();
    const t = await bootTestApp({ databaseUrl: target.url });
    try {
      await t.http.post('/api/auth/register').send({ email: 'taken@example.com', password: PASSWORD_HERE }).expect(201);
      const taken = await legacy.user({ email: 'Taken@example.com', hashed_password: legacyHash(OLD_PASSWORD) });
      const takenSession = await legacy.session(taken, { title: 'x' });
      const owner = await legacy.user({ email: 'owner@example.com', hashed_password: legacyHash(OLD_PASSWORD) });
      const session = await legacy.session(owner, { title: 'Fırın' });
      const otherKey = new FernetKey(Buffer.alloc(32, 5).toString('base64url') + '=');
      const lostImages = await legacy.message(session, {
        content: 'photos under another key',
        raw: { images: otherKey.encrypt(JSON.stringify(['data:image/png;base64,AAAA'])) },
      });
      const notAList = await legacy.message(session, { content: 'odd', raw: { images: legacy.encrypt('not json') } });

      const result = await legacyImport(['--from', legacy.url, '--json'], {
        DATABASE_URL: target.url,
        ENCRYPTION_KEY: OUR_KEY,
        LEGACY_ENCRYPTION_KEY: LEGACY_KEY,
      });
      expect(result.code).toBe(1);
      const report = JSON.parse(result.out) as ImportReport;
      expect(report.excluded_accounts).toEqual([
        {
          user_id: taken,
          email: 'Taken@example.com',
          reason: 'its email belongs to another account in the target database',
          dependents: { chat_sessions: 1 },
        },
      ]);
      expect(report.rows_not_carried).toEqual(
        expect.arrayContaining([
          { table: 'chat_sessions', id: takenSession, reason: 'its account was not imported (Taken@example.com)' },
        ]),
      );
      expect(report.values_not_decrypted).toEqual({ 'chat_messages.images': 1 });
      expect(report.images.refused).toEqual([
        { message_id: notAList, index: -1, reason: 'the images value is not JSON' },
      ]);
      const kept = await queryRows<{ id: string; unprocessed_images: string; images: Buffer | null }>(
        target.url,
        'SELECT id, unprocessed_images, images FROM chat_messages ORDER BY id',
      );
      const byId = new Map(kept.map((r) => [r.id, r]));
      // Kept as the legacy ciphertext: it opens once that key is known.
      expect(otherKey.decrypt(byId.get(lostImages)!.unprocessed_images).toString()).toContain('data:image/png');
      expect(JSON.parse(new FernetKey(OUR_KEY).decrypt(byId.get(notAList)!.unprocessed_images).toString())).toEqual([
        'not json',
      ]);
      expect([...byId.values()].every((r) => r.images === null)).toBe(true);
    } finally {
      await t.close();
      await target.drop();
      await legacy.drop();
    }
  });
});
