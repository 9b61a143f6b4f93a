import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Response } from 'supertest';
import { ERROR_CODES, ErrorCode } from '../src/common/http/error-codes';
import { EXAMPLE_CUSTOMER, EXAMPLE_IDS, EXAMPLE_REFRESH_TOKEN } from '../src/common/openapi/examples';
import { bootTestApp, TestApp } from './support/test-app';
import { AuthService } from '../src/modules/auth/auth.service';
import { PasswordHasher } from '../src/modules/users/credentials/password-hasher';
import { UsersRepository } from '../src/modules/users/users.repository';
import { createUserWithRole, LoggedIn, loggedIn, login, PASSWORD, registerUser, uniqueEmail } from './support/users';

/**
 * What openapi.json says is true of the server: every request example, sent as written (its example ids mapped to
 * real ones), gets the documented success status and a body valid against the documented schema; every error
 * example is an error envelope of its status; every documented 4xx of every operation is produced here, with one
 * of the codes documented for it. Each response this file receives is checked against the spec as it arrives.
 */

interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, { example?: Record<string, unknown> }> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: unknown; examples?: Record<string, { value: unknown }> }> }
  >;
}

interface Spec {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: Record<string, unknown>;
}

interface Call {
  as?: LoggedIn;
  /** Path parameters by name; unset ones take the spec's example, mapped to a real id. */
  params?: Record<string, string | number>;
  query?: string;
  /** The body: unset sends the operation's request example (mapped), `null` none. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

// Large enough for every example, small enough that 413 costs nothing to produce.
const BODY_LIMIT = 64 * 1024;
const UPLOAD_LIMIT = 128 * 1024;

describe('The OpenAPI contract (openapi.json is true of the server)', () => {
  let t: TestApp;
  let spec: Spec;
  let operations: Map<string, Operation>;
  let validate: (schema: unknown) => ValidateFunction;
  const ids = new Map<string, string>();
  /** operationId → statuses this file has seen, each checked against the spec as it arrived. */
  const produced = new Map<string, Set<number>>();
  let customer: LoggedIn;
  let admin: LoggedIn;
  let technician: LoggedIn;

  const mapIds = (text: string): string => {
    let out = text;
    for (const [example, real] of ids) {
      out = out.replaceAll(example, real);
    }
    return out;
  };

  /** Sends one request of an operation and checks the answer against the spec. */
  async function call(operationId: string, options: Call = {}): Promise<Response> {
    const operation = operations.get(operationId);
    if (operation === undefined) {
      throw new Error(`No operation ${operationId} in the spec`);
    }
    let path = operation.path;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path') {
        const value = options.params?.[parameter.name] ?? mapIds(String(parameter.example));
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      }
    }
    const url = path + (options.query ? `?${options.query}` : '');
    const method = operation.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let request = t.http[method](url);
    if (options.as) {
      request = request.set(options.as.auth);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      request = request.set(name, value);
    }
    const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
    const body =
      options.body === undefined
        ? media?.example === undefined
          ? undefined
          : JSON.parse(mapIds(JSON.stringify(media.example)))
        : options.body;
    if (body !== null && body !== undefined) {
      const type = options.contentType ?? mediaType ?? 'application/json';
      request = request.set('Content-Type', type);
      request = request.send(
        typeof body === 'string'
          ? body
          : type === 'application/x-www-form-urlencoded'
            ? new URLSearchParams(body as Record<string, string>).toString()
            : JSON.stringify(body),
      );
    }
    const res = await request;
    const documented = operation.responses[String(res.status)];
    if (documented === undefined) {
      throw new Error(
        `${operationId} answered ${res.status}, which the spec does not document: ${JSON.stringify(res.body)}`,
      );
    }
    const json = documented.content?.['application/json'];
    if (json?.schema !== undefined && res.type === 'application/json') {
      const check = validate(json.schema);
      if (!check(res.body)) {
        throw new Error(
          `${operationId} ${res.status} does not match its schema: ${JSON.stringify(check.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`,
        );
      }
    }
    if (res.status >= 400) {
      const codes = Object.keys(json?.examples ?? {});
      if (!codes.includes(res.body.code)) {
        throw new Error(
          `${operationId} ${res.status} answered ${res.body.code}; the spec documents ${codes.join(', ')}`,
        );
      }
    } else if (json === undefined) {
      // A documented non-JSON answer (image bytes, CSV, metrics text): its media type is the documented one.
      const types = Object.keys(documented.content ?? {});
      if (!types.some((type) => res.type === type || (type === 'image/*' && res.type.startsWith('image/')))) {
        throw new Error(`${operationId} ${res.status} answered ${res.type}; the spec documents ${types.join(', ')}`);
      }
    }
    produced.set(operationId, (produced.get(operationId) ?? new Set()).add(res.status));
    return res;
  }

  const ok = async (operationId: string, options: Call = {}): Promise<Response> => {
    const res = await call(operationId, options);
    if (res.status >= 300) {
      const server = res.status >= 500 ? `\nThe server's last warnings and errors:\n${t.serverLog().join('\n')}` : '';
      throw new Error(`${operationId} answered ${res.status}: ${JSON.stringify(res.body)}${server}`);
    }
    return res;
  };

  beforeAll(async () => {
    t = await bootTestApp({
      waitForModel: true,
      env: { BODY_LIMIT_BYTES: String(BODY_LIMIT), UPLOAD_BODY_LIMIT_BYTES: String(UPLOAD_LIMIT) },
    });
    // The committed contract (built with the Swagger CLI plugin, which ts-jest does not run; CI checks it is current).
    spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as Spec;
    operations = new Map();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations.set(operation.operationId, { ...operation, method, path });
      }
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(JSON.stringify({ components: spec.components }).replaceAll('"#/', '"spec#/')), 'spec');
    validate = (schema) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/', '"spec#/')));
  });

  afterAll(async () => {
    await t.close();
  });

  it('documents every error example as an error envelope whose code has that status', () => {
    const envelope = validate({ $ref: '#/components/schemas/ErrorEnvelopeDto' });
    let examples = 0;
    for (const operation of operations.values()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) {
          continue;
        }
        const found = response.content?.['application/json']?.examples ?? {};
        expect(Object.keys(found).length).toBeGreaterThan(0);
        for (const [code, { value }] of Object.entries(found)) {
          expect(envelope(value)).toBe(true);
          expect((value as { code: string }).code).toBe(code);
          expect(ERROR_CODES[code as ErrorCode].status).toBe(Number(status));
          examples += 1;
        }
      }
    }
    expect(examples).toBeGreaterThan(200);
  });

  it('documents a request example for every body and sends each as written, getting the documented answer', async () => {
    for (const operation of operations.values()) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect({ operationId: operation.operationId, example: media.example !== undefined }).toEqual({
          operationId: operation.operationId,
          example: true,
        });
      }
    }
    // The example customer signs up, logs in both ways and refreshes, exactly as the examples say.
    await ok('register');
    customer = loggedIn(EXAMPLE_CUSTOMER.email, EXAMPLE_CUSTOMER.password, (await ok('login')).body.data);
    expect((await ok('issueToken')).body.token_type).toBe('bearer');
    ids.set(EXAMPLE_REFRESH_TOKEN, customer.refreshToken);
    await ok('refresh');

    admin = await createUserWithRole(t, 'admin');
    technician = await createUserWithRole(t, 'technician');
    const spare = await registerUser(t, 'spare');
    ids.set(EXAMPLE_IDS.technician, technician.id);
    ids.set(EXAMPLE_IDS.user, spare.id);

    ids.set(EXAMPLE_IDS.session, (await ok('createSession', { as: customer })).body.data.id);
    await ok('listSessions', { as: customer });
    await ok('getSession', { as: customer });
    await ok('updateSession', { as: customer });
    ids.set(EXAMPLE_IDS.message, (await ok('createMessage', { as: customer })).body.data.id);
    await ok('getMessageImage', { as: customer });
    await ok('answerSession', { as: customer });
    await ok('upsertChatFeedback', { as: customer });
    await ok('listChatFeedback', { as: customer });
    await ok('getChatFeedback', { as: customer });

    await ok('dispatchSession', { as: admin });
    await ok('listAssignedSessions', { as: technician });
    await ok('getAssignedSession', { as: technician });
    await ok('getAssignedSessionImage', { as: technician });
    ids.set(EXAMPLE_IDS.feedback, (await ok('createTechnicianFeedback', { as: technician })).body.data.id);
    await ok('listTechnicianFeedback', { as: technician });
    await ok('getTechnicianFeedback', { as: technician });
    await ok('undispatchSession', { as: admin });

    await ok('analyzeImages', { as: customer });
    await ok('getVlmStatus', { as: admin });
    await ok('getMe', { as: customer });
    await ok('updateMe', { as: customer });
    await ok('listUsers', { as: admin });
    await ok('updateUser', { as: admin });
    await ok('listAuditEvents', { as: admin });
    await ok('listAdminChatFeedback', { as: admin });
    await ok('listAdminTechnicianFeedback', { as: admin });
    await ok('getAnalyticsSummary', { as: admin });
    await ok('getMetrics', { as: admin });
    await ok('getLiveness');
    await ok('getReadiness');

    await ok('deleteMessage', { as: customer });
    await ok('deleteSession', { as: customer });
    await ok('logout', { as: customer, body: null });
    // The example customer's last act: deleting the account with the example password.
    await ok('deleteMe', { as: await login(t.http, EXAMPLE_CUSTOMER.email, EXAMPLE_CUSTOMER.password) });

    const unsent = [...operations.keys()].filter((id) => ![...(produced.get(id) ?? [])].some((s) => s < 300));
    expect(unsent).toEqual([]);
  });

  /**
   * Rating a session whose DELETE commits while the rating is being written: the DELETE is held open in a
   * transaction of our own until the rating's write waits on its row lock, then committed.
   */
  async function feedbackOnASessionDeletedMeanwhile(owner: LoggedIn): Promise<Response> {
    const session = (await ok('createSession', { as: owner, body: {} })).body.data.id as string;
    const sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
    try {
      await sql.query('BEGIN');
      await sql.query('DELETE FROM chat_sessions WHERE id = $1', [session]);
      const rating = call('upsertChatFeedback', { as: owner, body: { session_id: session, rating: 2 } });
      for (let waited = 0; waited < 10_000; waited += 20) {
        const blocked = await sql.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (blocked.rowCount) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await sql.query('COMMIT');
      return await rating;
    } finally {
      await sql.end();
    }
  }

  it('produces every documented 4xx of every operation, each with a documented code', async () => {
    const alice = await registerUser(t, 'alice');
    const boss = await createUserWithRole(t, 'admin', 'boss');
    const tech = await createUserWithRole(t, 'technician', 'tech');
    const own = (await ok('createSession', { as: alice, body: {} })).body.data.id as string;
    const message = (
      await ok('createMessage', { as: alice, params: { session_id: own }, body: { role: 'user', content: 'hello' } })
    ).body.data.id as string;
    const mine = { session_id: own, message_id: message, index: 0 };

    for (const [operationId, operation] of operations) {
      const statuses = Object.keys(operation.responses).map(Number);
      const secured = statuses.includes(401) && operationId !== 'logout' && !operation.path.startsWith('/api/auth');
      const roleGuarded = statuses.includes(403);
      const caller = operation.path.startsWith('/api/technicians') ? tech : roleGuarded ? boss : alice;
      const pathNames = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const params = Object.fromEntries(
        pathNames.map((name) => [name, mine[name as keyof typeof mine] ?? randomUUID()]),
      );
      const hasBody = operation.requestBody !== undefined;

      if (secured) {
        await call(operationId, { params }); // 401: no token
      }
      if (roleGuarded) {
        await call(operationId, { as: alice, params }); // 403: a customer
      }
      if (statuses.includes(400)) {
        if (pathNames.some((name) => name.endsWith('id'))) {
          const bad = Object.fromEntries(pathNames.map((name) => [name, name.endsWith('id') ? 'x'.repeat(300) : 0]));
          await call(operationId, { as: caller, params: bad });
        } else if (hasBody) {
          await call(operationId, { as: caller, params, body: '{"a":' });
        } else {
          await call(operationId, { as: caller, params, query: 'limit=0&from=2020-02-30' });
        }
      }
      if (statuses.includes(404) && pathNames.length > 0) {
        const unknown = Object.fromEntries(pathNames.map((name) => [name, name === 'index' ? 0 : randomUUID()]));
        await call(operationId, { as: caller, params: unknown, body: hasBody ? undefined : null });
      }
      if (statuses.includes(413)) {
        const limit = operationId === 'createMessage' || operationId === 'analyzeImages' ? UPLOAD_LIMIT : BODY_LIMIT;
        await call(operationId, { as: caller, params, body: JSON.stringify({ padding: 'x'.repeat(limit) }) });
      }
      if (statuses.includes(415)) {
        await call(operationId, { as: caller, params, body: 'plain words', contentType: 'text/plain' });
      }
      const wrongCredentials: Record<string, Record<string, string>> = {
        login: { email: alice.email, password: 'not the password at all' },
        issueToken: { grant_type: 'password', username: alice.email, password: 'not the password at all' },
        refresh: { refresh_token: 'rt_not_a_token_we_issued' },
      };
      if (statuses.includes(401) && operationId in wrongCredentials) {
        await call(operationId, { body: wrongCredentials[operationId] });
      }
    }
    await call('logout', { body: null }); // 401: neither a refresh token nor a bearer token

    // Route-specific statuses.
    await call('register', { body: { email: alice.email, password: 'another sturdy passphrase' } }); // 409
    await ok('createSession', { as: alice, body: { session_key: 'kitchen-oven' } });
    await call('createSession', { as: alice, body: { session_key: 'kitchen-oven' } }); // 409
    const post = (key: string, content: string) =>
      call('createMessage', {
        as: alice,
        params: mine,
        headers: { 'Idempotency-Key': key },
        body: { role: 'user', content },
      });
    await post('contract-1', 'first');
    expect((await post('contract-1', 'a different body')).status).toBe(422);
    const { requestHash, IdempotencyService } = await import('../src/modules/chat/idempotency.service');
    const running = { role: 'user', content: 'still running' };
    await t.app
      .get(IdempotencyService)
      .claim(
        alice.id,
        'POST /api/chat/sessions/:session_id/messages',
        'contract-2',
        requestHash({ sessionId: own, dto: running }),
      );
    expect((await post('contract-2', running.content)).status).toBe(409);
    // The other admins leave first, so boss is the last one and may not delete the account.
    for (const other of [admin, await createUserWithRole(t, 'admin', 'other')]) {
      await ok('deleteMe', { as: other, body: { password: other.password } });
    }
    expect((await call('deleteMe', { as: boss, body: { password: boss.password } })).status).toBe(409);
    expect((await call('updateUser', { as: boss, params: { id: boss.id }, body: { role: 'user' } })).status).toBe(409);
    expect((await call('deleteMe', { as: alice, body: { password: 'not my password' } })).status).toBe(400);
    await ok('deleteSession', { as: alice, params: mine });
    expect((await call('upsertChatFeedback', { as: alice, body: { session_id: own, rating: 4 } })).status).toBe(201);
    await call('getChatFeedback', { as: alice, params: { session_id: 'never rated' } }); // 404
    expect((await feedbackOnASessionDeletedMeanwhile(alice)).status).toBe(404);

    // 429 on every rate-limited operation: a second app allowing one request per route and minute.
    const limited = await bootTestApp({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '1' } });
    const main = t;
    t = limited; // call() sends to `t`
    try {
      // Logged in without the login route, whose own limit this app keeps at one a minute.
      const as = async (role: 'user' | 'admin' | 'technician'): Promise<LoggedIn> => {
        const email = uniqueEmail(`limited-${role}`);
        const passwordHash = await limited.app.get(PasswordHasher).hash(PASSWORD);
        await limited.app.get(UsersRepository).create({ email, passwordHash, fullName: null, role });
        return loggedIn(email, PASSWORD, await limited.app.get(AuthService).login(email, PASSWORD));
      };
      const who = { user: await as('user'), admin: await as('admin'), technician: await as('technician') };
      for (const [operationId, operation] of operations) {
        if (!(429 in operation.responses)) {
          continue;
        }
        const roleGuarded = 403 in operation.responses;
        const as = operation.path.startsWith('/api/technicians') ? who.technician : roleGuarded ? who.admin : who.user;
        const params = Object.fromEntries(
          (operation.parameters ?? [])
            .filter((p) => p.in === 'path')
            .map((p) => [p.name, p.name === 'index' ? 0 : randomUUID()]),
        );
        const body =
          operationId === 'deleteMe' ? { password: 'wrong password, counted all the same' } : { unexpected: true };
        await call(operationId, { as, params, body: operation.requestBody ? body : null });
        const second = await call(operationId, { as, params, body: operation.requestBody ? body : null });
        expect({ operationId, status: second.status }).toEqual({ operationId, status: 429 });
      }
    } finally {
      t = main;
      await limited.close();
      process.env.RATE_LIMIT_ENABLED = 'false';
      delete process.env.RATE_LIMIT_PER_MINUTE;
    }

    const missing: string[] = [];
    for (const [operationId, operation] of operations) {
      for (const status of Object.keys(operation.responses).map(Number)) {
        if (status >= 400 && status < 500 && !produced.get(operationId)?.has(status)) {
          missing.push(`${operationId} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
