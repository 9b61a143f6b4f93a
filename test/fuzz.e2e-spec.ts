import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dispatchSession } from './support/dispatch';

/**
 * A property-based fuzzer driven by the committed OpenAPI spec: for every operation, as anonymous, as a
 * customer, as a technician and as an admin, malformed, oversized, wrong-typed, unicode-edge and
 * injection-shaped bodies, parameters and headers. Properties: no 5xx; every error in the envelope; a
 * rejected request changes no row. CI runs FUZZ_RUNS (default 40) requests per operation and caller with a
 * fixed seed (FUZZ_SEED); `npm run fuzz` runs a longer campaign.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  maxLength?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { type: string; schema: Schema };
}

const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  if (schema.$ref) {
    return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]);
  }
  if (schema.allOf) {
    return schema.allOf.map(resolve).reduce(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      {} as Schema,
    );
  }
  return schema;
}

const OPERATIONS: Operation[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const [type, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
    return {
      method,
      path,
      parameters: op.parameters ?? [],
      body: type ? { type, schema: resolve(content.schema) } : undefined,
    };
  }),
);

/** Strings meant to break parsers, queries, encoders and logs. */
const HOSTILE = [
  '',
  ' ',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '$where',
  '{"$gt": ""}',
  '../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0301\ufeff',
  '😀'.repeat(500),
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '\r\nX-Injected: 1',
  'NaN',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'gAAAAABnot-a-token',
  'x'.repeat(70_000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

/** ISO 8601 forms PostgreSQL and JavaScript disagree on, and near misses (hostile-load issue). */
const isoVariant = fc.oneof(
  fc.constantFrom(
    '2020-W01',
    '2020-W01-1',
    '2020-123',
    '2020-02-30',
    '2021-02-29',
    '2020-13-01',
    '0000-01-01',
    '+275760-09-13',
    '275760-09-13T00:00:00Z',
    '-000001-01-01',
    '2020-01-01T24:00',
    '2020-01-01T23:60:00Z',
    '2020-01-01T10:00:00+25:00',
    '2020-01-01T10:00:00.1234567890Z',
    '20200101T000000Z',
    '2020-1-1',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Nested arrays `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) {
    value = i % 2 === 0 ? [value] : { a: value };
  }
  return value;
}
const deepValue = fc.integer({ min: 20, max: 3000 }).map(nested);

/** Valid base64url JSON that is not one of our cursors: odd timestamps, wrong ids, wrong shapes. */
const cursorPayload = fc
  .oneof(
    fc.tuple(fc.oneof(isoVariant, hostileString, fc.integer().map(String)), fc.oneof(fc.uuid(), hostileString)),
    fc.anything({ maxDepth: 2 }),
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));

/** A value for the schema: often valid-looking, often not. */
function valueFor(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const options: fc.Arbitrary<unknown>[] = [wrongType, hostileString];
  if (schema.enum) {
    options.push(fc.constantFrom(...schema.enum));
  }
  switch (schema.type ?? 'untyped') {
    case 'string':
      options.push(
        schema.format === 'uuid' ? fc.uuid() : fc.string({ maxLength: schema.maxLength ?? 60 }),
        isoVariant,
        fc.string({ minLength: (schema.maxLength ?? 1000) + 1, maxLength: (schema.maxLength ?? 1000) + 5 }),
      );
      break;
    case 'integer':
    case 'number':
      options.push(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1, 6, 2 ** 31, 2 ** 53, 1e308));
      break;
    case 'boolean':
      options.push(fc.boolean());
      break;
    case 'array':
      if (depth < 3) {
        options.push(fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: 12 }));
      }
      break;
    case 'object':
      if (depth < 3 && schema.properties) {
        options.push(objectFor(schema, depth + 1));
      }
      break;
  }
  return fc.oneof(...options);
}

function objectFor(schema: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, valueFor(property, depth)]),
  );
  return fc
    .tuple(
      fc.record(properties, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 1 }), { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([known, extra, addExtra]) => (addExtra ? { ...extra, ...known } : known));
}

/** A body: schema-shaped, wrong-typed, hostile text, or nested far too deep (alone or inside the object). */
function bodyFor(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    objectFor(schema),
    wrongType,
    hostileString,
    deepValue,
    fc.tuple(objectFor(schema), deepValue).map(([object, deep]) => ({ ...object, deep })),
  );
}

/** What an HTTP client can put in a header at all: printable ASCII (Node refuses the rest client-side). */
const headerSafe = (text: string): boolean => [...text].every((ch) => ch >= ' ' && ch <= '~');

type Caller = 'anonymous' | 'customer' | 'technician' | 'admin';

describe('Fuzzing every operation of the OpenAPI spec', () => {
  let t: TestApp;
  let db: DataSource;
  const callers = {} as Record<Exclude<Caller, 'anonymous'>, LoggedIn>;
  let ids: string[] = [];
  const tried = new Map<string, number>();
  let tables: string[] = [];

  /** Every table's rows, hashed: what a rejected request must leave as it was. */
  const fingerprint = async (): Promise<string> => {
    const sql = tables
      .map(
        (table) =>
          `SELECT '${table}' AS t, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM "${table}" x`,
      )
      .join(' UNION ALL ');
    const rows = (await db.query(sql)) as { t: string; h: string }[];
    return rows.map((r) => `${r.t}:${r.h}`).join(' ');
  };

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    callers.customer = await registerUser(t, 'fuzz');
    callers.technician = await createUserWithRole(t, 'technician');
    callers.admin = await createUserWithRole(t, 'admin');
    tables = (
      (await db.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`,
      )) as { tablename: string }[]
    ).map((r) => r.tablename);
    const empty = await fingerprint();
    const session = (await t.http.post('/api/chat/sessions').set(callers.customer.auth).send({}).expect(201)).body.data
      .id as string;
    const message = (
      await t.http
        .post(`/api/chat/sessions/${session}/messages`)
        .set(callers.customer.auth)
        .send({ role: 'user', content: 'E18', images: [(await png()).toString('base64')] })
        .expect(201)
    ).body.data.id as string;
    await dispatchSession(t, callers.admin, session, callers.technician.id).expect(200);
    ids = [session, message, callers.customer.id, callers.technician.id];
    expect(await fingerprint()).not.toBe(empty); // the fingerprint sees a new row
  });

  afterAll(async () => {
    const lines = [...tried.entries()].map(([op, n]) => `${String(n).padStart(5)}  ${op}`);
    console.log(
      `Fuzzer (seed ${SEED}, ${RUNS} runs per operation and caller): ${[...tried.values()].reduce((a, b) => a + b, 0)} requests\n${lines.join('\n')}`,
    );
    await t.close();
  });

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', async (name, op) => {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    // Encoded segments, plus raw ones with broken percent-encoding ("%E0%A4%A", "%ff").
    const encode = (text: string) => encodeURIComponent(Buffer.from(text).toString()); // lone surrogates → U+FFFD
    const segment = fc.oneof(
      fc.constantFrom(...ids),
      fc.uuid(),
      hostileString.map(encode),
      fc.integer().map(String),
      fc.constantFrom('%', '%ff', '%E0%A4%A', '%00', '..', '%2e%2e%2f'),
    );
    const request = fc.record({
      caller: fc.constantFrom<Caller>('anonymous', 'customer', 'technician', 'admin'),
      path: fc.tuple(...pathParams.map(() => segment), fc.constant('')),
      query: fc.record(
        Object.fromEntries([
          ...queryParams.map((p) => [
            p.name,
            p.name === 'cursor' ? fc.oneof(valueFor(p.schema ?? {}), cursorPayload) : valueFor(p.schema ?? {}),
          ]),
          ['unknown_param', hostileString],
        ]),
        { requiredKeys: [] },
      ),
      body: op.body ? bodyFor(op.body.schema) : fc.constant(undefined),
      contentType: fc.constantFrom(
        'default',
        'default',
        'default',
        'text/plain',
        'application/xml',
        'application/json',
      ),
      headers: fc.record(
        {
          authorization: fc.constantFrom('Bearer x.y.z', 'Basic Zm9vOmJhcg==', 'Bearer ', 'Bearer ' + 'a'.repeat(5000)),
          'idempotency-key': hostileString.filter((s) => s.length < 300 && headerSafe(s)),
          'x-request-id': fc.string({ maxLength: 80 }).filter(headerSafe),
          'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', '*', 'bogus'),
        },
        { requiredKeys: [] },
      ),
    });

    const result = await fc.check(
      fc.asyncProperty(request, async (r) => {
        let index = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => String(r.path[index++]));
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(r.query)) {
          query.append(key, typeof value === 'string' ? value : JSON.stringify(value));
        }
        const url = `${path}${query.size > 0 ? `?${query}` : ''}`;
        const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
        let req = t.http[method](url);
        if (r.caller !== 'anonymous') {
          req = req.set(callers[r.caller].auth);
        }
        for (const [header, value] of Object.entries(r.headers)) {
          if (header !== 'authorization' || r.caller === 'anonymous') {
            req = req.set(header, value as string);
          }
        }
        const before = await fingerprint();
        let res;
        if (r.body === undefined) {
          res = await req;
        } else if (r.contentType === 'default' && op.body?.type === 'application/x-www-form-urlencoded') {
          // A form is flat (what browsers send): nested values go as their JSON text.
          const flat =
            typeof r.body === 'object' && r.body !== null && !Array.isArray(r.body)
              ? Object.fromEntries(
                  Object.entries(r.body).map(([key, value]) => [
                    key,
                    typeof value === 'object' && value !== null ? JSON.stringify(value) : value,
                  ]),
                )
              : String(JSON.stringify(r.body));
          res = await req.type('form').send(flat as object);
        } else if (r.contentType === 'default' || r.contentType === 'application/json') {
          res = await req.set('content-type', 'application/json').send(JSON.stringify(r.body));
        } else {
          res = await req.set('content-type', r.contentType).send(String(JSON.stringify(r.body)));
        }
        tried.set(name, (tried.get(name) ?? 0) + 1);
        const context = {
          request: `${op.method.toUpperCase()} ${url.slice(0, 200)} as ${r.caller}`,
          status: res.status,
        };
        expect({ ...context, serverError: res.status >= 500 }).toEqual({ ...context, serverError: false });
        if (res.status >= 400) {
          expect({ ...context, body: res.body }).toMatchObject({ ...context, body: { status: 'error', data: null } });
          expect({ ...context, rowsChanged: (await fingerprint()) !== before }).toEqual({
            ...context,
            rowsChanged: false,
          });
        }
      }),
      { seed: SEED, numRuns: RUNS * 4, endOnFailure: true },
    );
    if (result.failed) {
      // The shrunk counterexample, with long strings cut so the report stays readable.
      const cut = (value: unknown) =>
        JSON.stringify(value, (_key, v: unknown) =>
          typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v,
        );
      throw new Error(
        `${name} failed after ${result.numRuns} runs (seed ${result.seed}, path ${result.counterexamplePath}):\n` +
          `${cut(result.counterexample)}\n${String(result.errorInstance).slice(0, 3000)}`,
      );
    }
  });
});
