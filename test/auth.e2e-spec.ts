import bcrypt from 'bcryptjs';
import { sign } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../src/modules/users/credentials/password-hasher';
import { keyId } from '../src/modules/auth/token.service';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, login, LoggedIn, PASSWORD, registerUser, uniqueEmail } from './support/users';

const SECRET = process.env.JWT_SECRET_KEY ?? '';
const OLD_SECRET = 'the-previous-signing-key-still-accepted-0123';
const ISSUER = 'appliance-vlm-platform';
const AUDIENCE = 'appliance-vlm-clients';

describe('Auth and users', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await bootTestApp({ env: { JWT_SECRET_KEYS_PREVIOUS: OLD_SECRET } });
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
    delete process.env.JWT_SECRET_KEYS_PREVIOUS;
  });

  describe('POST /api/auth/register', () => {
    it('creates a user-role account with a normalised email and never returns the hash', async () => {
      const email = uniqueEmail('Reg').toUpperCase();
      const res = await t.http
        .post('/api/auth/register')
        .send({ email: `  ${email} `, password: PASSWORD, full_name: 'Ada Lovelace' })
        .expect(201);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Account created',
        data: {
          access_token: expect.any(String),
          token_type: 'bearer',
          expires_in: 900,
          refresh_token: expect.stringMatching(/^rt_/),
          role: 'user',
          enterprise_role: null,
          user: {
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            email: email.toLowerCase(),
            username: null,
            full_name: 'Ada Lovelace',
            role: 'user',
            enterprise_role: null,
            is_active: true,
            locale: 'en',
            phone: null,
            address: null,
            preferred_contact_method: null,
            skill_level: null,
            gdpr_consent: null,
            age_verified: null,
            referral_source: null,
            available_tools: [],
            owned_products: [],
            created_at: expect.any(String),
            updated_at: expect.any(String),
          },
        },
      });
      expect(JSON.stringify(res.body)).not.toContain('argon2');
      // It is logged in: the access token works at once.
      await t.http.get('/api/users/me').set('Authorization', `Bearer ${res.body.data.access_token}`).expect(200);
      const [row] = (await db.query('SELECT password_hash FROM users WHERE id = $1', [res.body.data.user.id])) as {
        password_hash: string;
      }[];
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('sets the locale from Accept-Language (Turkish or English, by preference), editable on /users/me', async () => {
      const turkish = uniqueEmail('tr');
      const res = await t.http
        .post('/api/auth/register')
        .set('Accept-Language', 'tr-TR,tr;q=0.9,en-US;q=0.8')
        .send({ email: turkish, password: PASSWORD })
        .expect(201);
      expect(res.body.data.user.locale).toBe('tr');
      const german = await t.http
        .post('/api/auth/register')
        .set('Accept-Language', 'de-DE,de;q=0.9')
        .send({ email: uniqueEmail('de'), password: PASSWORD })
        .expect(201);
      expect(german.body.data.user.locale).toBe('en');
      const none = await t.http.post('/api/auth/register').send({ email: uniqueEmail('none'), password: PASSWORD });
      expect(none.body.data.user.locale).toBe('en');

      const me = await login(t.http, turkish);
      await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
      expect((await t.http.get('/api/users/me').set(me.auth).expect(200)).body.data.locale).toBe('en');
      const bad = await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'de' }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'locale' })]);
    });

    it('answers 409 for an email already taken, whatever its case', async () => {
      const email = uniqueEmail('dup');
      await t.http.post('/api/auth/register').send({ email, password: PASSWORD }).expect(201);
      const res = await t.http
        .post('/api/auth/register')
        .send({ email: email.toUpperCase(), password: PASSWORD })
        .expect(409);
      expect(res.body).toMatchObject({ status: 'error', code: 'EMAIL_TAKEN' });
    });

    it('refuses a client-chosen role (mass assignment) and creates nothing', async () => {
      const email = uniqueEmail('mass');
      const res = await t.http
        .post('/api/auth/register')
        .send({ email, password: PASSWORD, role: 'admin' })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'role', message: 'is not allowed' }]);
      expect(await db.query('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
    });

    it.each([
      ['short1', 'must be at least 10 characters'],
      ['x'.repeat(129), 'must be at most 128 characters'],
      ['password123', 'is too common; choose a less guessable password'],
    ])('refuses the password %p', async (password, message) => {
      const res = await t.http.post('/api/auth/register').send({ email: uniqueEmail(), password }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password', message }] });
    });

    it('refuses a password equal to the email', async () => {
      const email = uniqueEmail('same');
      const res = await t.http.post('/api/auth/register').send({ email, password: email }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'password', message: 'must not be your email address' }]);
    });

    it('reports each invalid field', async () => {
      const res = await t.http.post('/api/auth/register').send({ email: 'not-an-email', full_name: 5 }).expect(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(expect.arrayContaining(['email', 'full_name', 'password']));
    });
  });

  describe('POST /api/auth/login', () => {
    it('returns the token pair and the user', async () => {
      const user = await registerUser(t);
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: user.email.toUpperCase(), password: PASSWORD })
        .expect(200);
      expect(res.body.data).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
        refresh_token: expect.stringMatching(/^rt_/),
        role: 'user',
        enterprise_role: null,
        user: expect.objectContaining({ id: user.id, email: user.email, role: 'user' }),
      });
      const header = JSON.parse(Buffer.from(res.body.data.access_token.split('.')[0], 'base64url').toString());
      expect(header).toMatchObject({ alg: 'HS256', kid: keyId(SECRET) });
      const claims = JSON.parse(Buffer.from(res.body.data.access_token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: user.id, role: 'user', typ: 'access', iss: ISSUER, aud: AUDIENCE });
      expect(claims.exp - claims.iat).toBe(900);
      expect(claims.jti).toBeDefined();
      expect(claims.sid).toBeDefined();
    });

    it('answers wrong password and unknown email with the same 401, running a dummy verification for the latter', async () => {
      const user = await registerUser(t);
      const hasher = t.app.get(PasswordHasher);
      const dummy = jest.spyOn(hasher, 'verifyDummy');
      const verify = jest.spyOn(hasher, 'verify');
      try {
        const wrong = await t.http
          .post('/api/auth/login')
          .send({ email: user.email, password: 'wrong password 1' })
          .expect(401);
        expect(dummy).not.toHaveBeenCalled();
        const unknown = await t.http
          .post('/api/auth/login')
          .send({ email: uniqueEmail('ghost'), password: 'wrong password 1' })
          .expect(401);
        expect(dummy).toHaveBeenCalledTimes(1);
        expect(verify).toHaveBeenCalledTimes(2); // the real one, then the dummy's full verification
        const strip = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, request_id: undefined });
        expect(strip(unknown.body)).toEqual(strip(wrong.body));
        expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Incorrect email or password' });
      } finally {
        dummy.mockRestore();
        verify.mockRestore();
      }
    });

    it('logs in an account migrated with a legacy bcrypt hash and upgrades it to argon2id', async () => {
      const email = uniqueEmail('legacy');
      const legacyHash = bcrypt.hashSync('legacy pass 2024', 10).replace(/^\$2a\$/, '$2b$');
      await db.query(`INSERT INTO users (email, password_hash) VALUES ($1, $2)`, [email, legacyHash]);
      await login(t.http, email, 'legacy pass 2024');
      const [row] = (await db.query('SELECT password_hash FROM users WHERE email = $1', [email])) as {
        password_hash: string;
      }[];
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      await login(t.http, email, 'legacy pass 2024');
    });
  });

  describe('access tokens', () => {
    let user: LoggedIn;

    beforeAll(async () => {
      user = await registerUser(t, 'tokens');
    });

    const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      sub: user.id,
      role: 'user',
      sid: JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString()).sid,
      typ: 'access',
      ...overrides,
    });
    const forge = (payload: Record<string, unknown>, secret = SECRET, options: Record<string, unknown> = {}): string =>
      sign(payload, secret, {
        algorithm: 'HS256',
        issuer: ISSUER,
        audience: AUDIENCE,
        ...('exp' in payload ? {} : { expiresIn: 300 }),
        ...options,
      });
    const me = (token: string) => t.http.get('/api/users/me').set('Authorization', `Bearer ${token}`);

    it('lets a valid token through and refuses a missing one', async () => {
      const ok = await me(user.accessToken).expect(200);
      expect(ok.body.data).toMatchObject({ id: user.id, email: user.email });
      const none = await t.http.get('/api/users/me').expect(401);
      expect(none.body).toMatchObject({ status: 'error', code: 'UNAUTHORIZED', message: 'Authentication required' });
    });

    it('accepts a well-formed forged token only when signed with a known key (current or previous)', async () => {
      await me(forge(claims())).expect(200);
      await me(forge(claims(), OLD_SECRET, { header: { alg: 'HS256', kid: keyId(OLD_SECRET) } })).expect(200);
      await me(forge(claims(), 'some-other-secret-0123456789-0123456789')).expect(401);
    });

    it('refuses a tampered payload', async () => {
      const [header, , signature] = user.accessToken.split('.');
      const payload = Buffer.from(JSON.stringify({ ...claims(), role: 'admin' })).toString('base64url');
      await me(`${header}.${payload}.${signature}`).expect(401);
    });

    it('refuses alg none, another algorithm, a wrong audience or issuer, no exp, an expired token and a non-access typ', async () => {
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ ...claims(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }),
      ).toString('base64url')}.`;
      await me(unsigned).expect(401);
      await me(forge(claims(), SECRET, { algorithm: 'HS512' })).expect(401);
      await me(forge(claims(), SECRET, { audience: 'someone-else' })).expect(401);
      await me(forge(claims(), SECRET, { issuer: 'someone-else' })).expect(401);
      await me(sign(claims(), SECRET, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE })).expect(401);
      const expired = await me(forge({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 })).expect(401);
      expect(expired.body.code).toBe('TOKEN_EXPIRED');
      await me(forge(claims({ typ: 'refresh' }))).expect(401);
      await me(forge(claims({ sid: randomUUID() }))).expect(401);
    });
  });

  describe('refresh and logout', () => {
    it('rotates: a new pair, and the old refresh token is single-use', async () => {
      const user = await registerUser(t, 'rotate');
      const res = await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(200);
      expect(res.body.data.refresh_token).not.toBe(user.refreshToken);
      await t.http.get('/api/users/me').set('Authorization', `Bearer ${res.body.data.access_token}`).expect(200);
      const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM refresh_tokens WHERE user_id = $1', [
        user.id,
      ])) as {
        count: number;
      }[];
      expect(count).toBe(3); // registration's login, this login, and its rotation
      const stored = (await db.query('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id])) as {
        token_hash: string;
      }[];
      expect(stored.map((r) => r.token_hash)).not.toContain(user.refreshToken);
    });

    it('revokes the whole family when a used refresh token is presented again (theft detection)', async () => {
      const user = await registerUser(t, 'theft');
      const next = (await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(200)).body
        .data;
      const replay = await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
      await t.http.post('/api/auth/refresh').send({ refresh_token: next.refresh_token }).expect(401);
      const revoked = await t.http.get('/api/users/me').set('Authorization', `Bearer ${next.access_token}`).expect(401);
      expect(revoked.body.code).toBe('SESSION_REVOKED');
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const user = await registerUser(t, 'race');
      const results = await Promise.all(
        [1, 2].map(() => t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses unknown and malformed refresh tokens', async () => {
      const res = await t.http.post('/api/auth/refresh').send({ refresh_token: 'rt_nope' }).expect(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
      await t.http.post('/api/auth/refresh').send({ refresh_token: 42 }).expect(400);
      await t.http.post('/api/auth/refresh').send({}).expect(400);
    });

    it('logout ends that login, its access tokens included, and leaves another login of the same second alone', async () => {
      const user = await registerUser(t, 'logout');
      const second = await login(t.http, user.email);
      await t.http.post('/api/auth/logout').send({ refresh_token: user.refreshToken }).expect(200);
      await t.http.get('/api/users/me').set(user.auth).expect(401);
      await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(401);
      await t.http.get('/api/users/me').set(second.auth).expect(200);
      await login(t.http, user.email); // logging in again right away works
    });
  });

  describe('POST /api/auth/token (OAuth2 password grant)', () => {
    it('answers plain OAuth2 JSON for a form-encoded grant', async () => {
      const user = await registerUser(t, 'oauth');
      const res = await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.email, password: PASSWORD, scope: '', client_id: '' })
        .expect(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
      });
      await t.http.get('/api/users/me').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    });

    it('refuses wrong credentials and other grant types', async () => {
      const user = await registerUser(t, 'oauth-bad');
      await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ username: user.email, password: 'nope nope nope' })
        .expect(401);
      await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'client_credentials', username: user.email, password: PASSWORD })
        .expect(400);
    });
  });

  describe('/api/users/me', () => {
    it('updates the name; a role in the body is refused', async () => {
      const user = await registerUser(t, 'me');
      const res = await t.http.patch('/api/users/me').set(user.auth).send({ full_name: '  Grace Hopper ' }).expect(200);
      expect(res.body.data.full_name).toBe('Grace Hopper');
      await t.http.patch('/api/users/me').set(user.auth).send({ role: 'admin' }).expect(400);
      await t.http.patch('/api/users/me').set(user.auth).send({}).expect(400);
      expect((await t.http.get('/api/users/me').set(user.auth).expect(200)).body.data.role).toBe('user');
    });

    it('changes the password only with the current one, and ends every other login', async () => {
      const user = await registerUser(t, 'pw');
      const other = await login(t.http, user.email);
      const missing = await t.http
        .patch('/api/users/me')
        .set(user.auth)
        .send({ new_password: 'brand new secret 1' })
        .expect(400);
      expect(missing.body.errors).toEqual([
        { field: 'current_password', message: 'is required to set a new password' },
      ]);
      await t.http
        .patch('/api/users/me')
        .set(user.auth)
        .send({ new_password: 'brand new secret 1', current_password: 'not my password' })
        .expect(400);
      await t.http
        .patch('/api/users/me')
        .set(user.auth)
        .send({ new_password: 'brand new secret 1', current_password: PASSWORD })
        .expect(200);
      await t.http.get('/api/users/me').set(other.auth).expect(401);
      await t.http.post('/api/auth/refresh').send({ refresh_token: other.refreshToken }).expect(401);
      await t.http.get('/api/users/me').set(user.auth).expect(200);
      await t.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
      await login(t.http, user.email, 'brand new secret 1');
    });

    it('deletes the account with its password, leaving no rows behind', async () => {
      const user = await registerUser(t, 'bye');
      await t.http.delete('/api/users/me').set(user.auth).send({ password: 'wrong password' }).expect(400);
      const res = await t.http.delete('/api/users/me').set(user.auth).send({ password: PASSWORD }).expect(200);
      expect(res.body).toEqual({ status: 'success', data: null, message: 'Account deleted' });
      expect(await db.query('SELECT 1 FROM users WHERE id = $1', [user.id])).toHaveLength(0);
      expect(await db.query('SELECT 1 FROM refresh_tokens WHERE user_id = $1', [user.id])).toHaveLength(0);
      await t.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
      await t.http.get('/api/users/me').set(user.auth).expect(401);
    });
  });

  describe('admin routes and roles', () => {
    let admin: LoggedIn;
    let technician: LoggedIn;
    let customer: LoggedIn;

    beforeAll(async () => {
      admin = await createUserWithRole(t, 'admin');
      technician = await createUserWithRole(t, 'technician');
      customer = await registerUser(t, 'customer');
    });

    it('applies the role matrix: anonymous 401, user and technician 403, admin 200', async () => {
      await t.http.get('/api/users').expect(401);
      const forbidden = await t.http.get('/api/users').set(customer.auth).expect(403);
      expect(forbidden.body).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
      await t.http.get('/api/users').set(technician.auth).expect(403);
      await t.http.get('/api/users').set(admin.auth).expect(200);
      await t.http.patch(`/api/users/${customer.id}`).set(customer.auth).send({ role: 'admin' }).expect(403);
      await t.http.patch(`/api/users/${customer.id}`).set(technician.auth).send({ role: 'admin' }).expect(403);
    });

    it('lists users newest first with keyset pagination and a role filter', async () => {
      const first = await t.http.get('/api/users?limit=2').set(admin.auth).expect(200);
      expect(first.body.data.items).toHaveLength(2);
      expect(first.body.data.next_cursor).toEqual(expect.any(String));
      const second = await t.http
        .get(`/api/users?limit=2&cursor=${first.body.data.next_cursor}`)
        .set(admin.auth)
        .expect(200);
      const ids = [...first.body.data.items, ...second.body.data.items].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(4);
      const createdAt = [...first.body.data.items, ...second.body.data.items].map(
        (u: { created_at: string }) => u.created_at,
      );
      expect([...createdAt].sort().reverse()).toEqual(createdAt);
      const technicians = await t.http.get('/api/users?role=technician').set(admin.auth).expect(200);
      expect(technicians.body.data.items.map((u: { id: string }) => u.id)).toEqual([technician.id]);
      expect(JSON.stringify(technicians.body)).not.toContain('password');
    });

    it('answers 400 for an out-of-range limit, a bad cursor or an unknown role', async () => {
      await t.http.get('/api/users?limit=0').set(admin.auth).expect(400);
      await t.http.get('/api/users?limit=201').set(admin.auth).expect(400);
      const cursor = await t.http.get('/api/users?cursor=garbage').set(admin.auth).expect(400);
      expect(cursor.body.code).toBe('INVALID_CURSOR');
      await t.http.get('/api/users?role=superuser').set(admin.auth).expect(400);
    });

    it('changes a role effective on the next request, and deactivation locks the user out', async () => {
      const subject = await registerUser(t, 'promote');
      const res = await t.http
        .patch(`/api/users/${subject.id}`)
        .set(admin.auth)
        .send({ role: 'technician' })
        .expect(200);
      expect(res.body.data.role).toBe('technician');
      expect((await t.http.get('/api/users/me').set(subject.auth).expect(200)).body.data.role).toBe('technician');

      await t.http.patch(`/api/users/${subject.id}`).set(admin.auth).send({ is_active: false }).expect(200);
      const locked = await t.http.get('/api/users/me').set(subject.auth).expect(401);
      expect(locked.body.code).toBe('ACCOUNT_DISABLED');
      const relogin = await t.http
        .post('/api/auth/login')
        .send({ email: subject.email, password: PASSWORD })
        .expect(401);
      expect(relogin.body.code).toBe('ACCOUNT_DISABLED');
      await t.http.post('/api/auth/refresh').send({ refresh_token: subject.refreshToken }).expect(401);
    });

    it('refuses to demote or deactivate the last active admin (409), non-UUID ids (400) and unknown ids (404)', async () => {
      const demote = await t.http.patch(`/api/users/${admin.id}`).set(admin.auth).send({ role: 'user' }).expect(409);
      expect(demote.body.code).toBe('LAST_ADMIN');
      await t.http.patch(`/api/users/${admin.id}`).set(admin.auth).send({ is_active: false }).expect(409);
      const bad = await t.http.patch('/api/users/not-a-uuid').set(admin.auth).send({ role: 'user' }).expect(400);
      expect(bad.body.code).toBe('INVALID_ID');
      const unknown = await t.http
        .patch(`/api/users/${randomUUID()}`)
        .set(admin.auth)
        .send({ role: 'user' })
        .expect(404);
      expect(unknown.body.code).toBe('USER_NOT_FOUND');
      await t.http.patch(`/api/users/${customer.id}`).set(admin.auth).send({ role: 'root' }).expect(400);
      await t.http.patch(`/api/users/${customer.id}`).set(admin.auth).send({ email: 'x@example.com' }).expect(400);

      const second = await createUserWithRole(t, 'admin', 'admin2');
      await t.http.patch(`/api/users/${second.id}`).set(admin.auth).send({ role: 'user' }).expect(200);
    });
  });

  it('documents one security scheme, the OAuth2 password flow, and says which routes are public', async () => {
    const spec = (await t.http.get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(spec.components.securitySchemes)).toEqual(['oauth2']);
    expect(spec.components.securitySchemes.oauth2.flows.password.tokenUrl).toBe('/api/auth/token');
    expect(spec.paths['/api/users/me'].get.security).toEqual([{ oauth2: [] }]);
    expect(spec.paths['/api/auth/login'].post.security).toEqual([]);
    expect(spec.paths['/api/auth/logout'].post.security).toEqual([{}, { oauth2: [] }]);
    expect(spec.paths['/api/users/me'].get.operationId).toBe('getMe');
  });
});

describe('Rate limits on credential routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
  });

  afterAll(async () => {
    await t.close();
    process.env.RATE_LIMIT_ENABLED = 'false';
  });

  it('limits login attempts per account with 429 and Retry-After, and never limits health', async () => {
    const email = uniqueEmail('brute');
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: { code: string } } | undefined;
    for (let i = 0; i < 11; i += 1) {
      const res = await t.http.post('/api/auth/login').send({ email, password: `guess number ${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        limited = res as unknown as typeof limited;
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    const other = await t.http.post('/api/auth/login').send({ email: uniqueEmail('other'), password: 'whatever 123' });
    expect(other.status).toBe(401); // another account from the same IP is still allowed

    const health = await t.http.get('/api/health').expect(200);
    expect(Object.keys(health.headers).some((h) => h.startsWith('x-ratelimit'))).toBe(false);
  });
});

describe('Credential limits across routes (hostile-load issue)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await bootTestApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
  });

  afterEach(async () => {
    await t.close();
    process.env.RATE_LIMIT_ENABLED = 'false';
  });

  it('counts one budget per account across login, the OAuth2 token route and password change', async () => {
    const user = await registerUser(t, 'shared'); // its login is the account's first password check
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push(
        (await t.http.post('/api/auth/login').send({ email: user.email, password: `guess ${i} x` })).status,
      );
    }
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.email.toUpperCase(), password: `guess ${i} y` });
      statuses.push(res.status);
    }
    for (let i = 0; i < 2; i += 1) {
      const res = await t.http
        .patch('/api/users/me')
        .set(user.auth)
        .send({ current_password: `guess ${i} z`, new_password: 'a brand new passphrase 7' });
      statuses.push(res.status);
    }
    // A profile change checks no password: not counted.
    await t.http.patch('/api/users/me').set(user.auth).send({ full_name: 'Not A Guess' }).expect(200);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    // The 10th password check of this account, whichever route, is the last one allowed.
    await t.http.post('/api/auth/login').send({ email: user.email, password: 'guess 9' }).expect(401);
    const limited = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    await t.http
      .post('/api/auth/token')
      .type('form')
      .send({ grant_type: 'password', username: user.email, password: user.password })
      .expect(429);
  });

  it('counts one budget per IP across login, token, register and refresh', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const route = i % 4;
      const res =
        route === 0
          ? await t.http.post('/api/auth/login').send({ email: uniqueEmail('ip'), password: 'whatever 123' })
          : route === 1
            ? await t.http
                .post('/api/auth/token')
                .type('form')
                .send({ grant_type: 'password', username: uniqueEmail('ip'), password: 'whatever 123' })
            : route === 2
              ? await t.http.post('/api/auth/register').send({ email: uniqueEmail('ip'), password: 'short' })
              : await t.http.post('/api/auth/refresh').send({ refresh_token: `rt_${'x'.repeat(43)}` });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429 || s >= 500)).toEqual([]);
    await t.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail('ip'), password: 'a sturdy passphrase 42' })
      .expect(429);
    await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: `rt_${'y'.repeat(43)}` })
      .expect(429);
  });
});
