import { DataSource } from 'typeorm';
import { FernetKey } from '../src/common/crypto/fernet';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, PASSWORD, uniqueEmail } from './support/users';

/** The legacy app's sign-up form as its Register page sends it (frontend/src/pages/register/Register.jsx). */
function legacyForm(email: string, username: string): Record<string, unknown> {
  return {
    email,
    username,
    password: PASSWORD,
    confirmPassword: PASSWORD,
    full_name: 'Ayşe Yılmaz',
    address: 'Atatürk Cad. No:5, Kadıköy, İstanbul',
    phone: '+90 532 111 22 33',
    preferred_contact_method: 'email',
    skill_level: 1,
    gdpr_consent: true,
    referral_source: '',
    age_verified: true,
    available_tools: ['tornavida'],
    owned_products: [{ brand: 'Arçelik', model: '9120 PM' }],
  };
}

describe('Accounts from the legacy app: its sign-up form, username login, enterprise_role, bearer logout', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('signs up from the legacy form, answers with tokens, and keeps the profile (phone and address encrypted)', async () => {
    const email = uniqueEmail('ayse');
    const username = `ayse_${email.slice(5, 13)}`;
    const res = await t.http.post('/api/auth/register').send(legacyForm(email, username)).expect(201);
    expect(res.body.data).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.stringMatching(/^rt_/),
      role: 'user',
      enterprise_role: null,
      user: {
        email,
        username,
        full_name: 'Ayşe Yılmaz',
        phone: '+90 532 111 22 33',
        address: 'Atatürk Cad. No:5, Kadıköy, İstanbul',
        preferred_contact_method: 'email',
        skill_level: 1,
        gdpr_consent: true,
        age_verified: true,
        referral_source: null,
        available_tools: ['tornavida'],
        owned_products: [{ brand: 'Arçelik', model: '9120 PM' }],
        enterprise_role: null,
      },
    });
    const auth = { Authorization: `Bearer ${res.body.data.access_token}` };
    const me = await t.http.get('/api/users/me').set(auth).expect(200);
    expect(me.body.data).toEqual(res.body.data.user);
    const [row] = (await db.query('SELECT phone, address FROM users WHERE id = $1', [me.body.data.id])) as {
      phone: string;
      address: string;
    }[];
    expect(row.phone).toMatch(/^gAAAAA/);
    expect(new FernetKey(process.env.ENCRYPTION_KEY as string).decrypt(row.address).toString()).toBe(
      'Atatürk Cad. No:5, Kadıköy, İstanbul',
    );

    // The legacy login form sends the username in its email field; the OAuth2 route takes it too.
    const byName = await t.http
      .post('/api/auth/login')
      .send({ email: username.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(byName.body.data).toMatchObject({ role: 'user', enterprise_role: null, user: { email } });
    await t.http.post('/api/auth/token').type('form').send({ username, password: PASSWORD }).expect(200);
  });

  it('edits the profile through /api/users/me: a field left out stays, null clears', async () => {
    const email = uniqueEmail('edit');
    const signup = await t.http.post('/api/auth/register').send(legacyForm(email, `edit_${email.slice(5, 13)}`));
    const auth = { Authorization: `Bearer ${signup.body.data.access_token}` };
    const res = await t.http
      .patch('/api/users/me')
      .set(auth)
      .send({ phone: null, skill_level: 4, owned_products: [{ brand: 'Beko', model: null }], address: '' })
      .expect(200);
    expect(res.body.data).toMatchObject({
      phone: null,
      address: null,
      skill_level: 4,
      owned_products: [{ brand: 'Beko', model: null }],
      available_tools: ['tornavida'],
      full_name: 'Ayşe Yılmaz',
    });
    await t.http.patch('/api/users/me').set(auth).send({ skill_level: 9 }).expect(400);
    await t.http.patch('/api/users/me').set(auth).send({ preferred_contact_method: 'pigeon' }).expect(400);
  });

  it('refuses a mismatched confirmPassword, a taken username (any case) and a malformed one, creating nothing', async () => {
    const email = uniqueEmail('dup');
    const username = `dup_${email.slice(4, 12)}`;
    await t.http.post('/api/auth/register').send(legacyForm(email, username)).expect(201);
    const taken = await t.http
      .post('/api/auth/register')
      .send(legacyForm(uniqueEmail('dup2'), username.toUpperCase()))
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'USERNAME_TAKEN', errors: [{ field: 'username' }] });
    const other = uniqueEmail('mismatch');
    const mismatch = await t.http
      .post('/api/auth/register')
      .send({ ...legacyForm(other, 'mismatch_user'), confirmPassword: 'something else 42' })
      .expect(400);
    expect(mismatch.body.errors).toEqual([{ field: 'confirmPassword', message: 'must match password' }]);
    await t.http
      .post('/api/auth/register')
      .send({ ...legacyForm(other, 'a b') })
      .expect(400);
    expect(await db.query('SELECT 1 FROM users WHERE email = $1', [other])).toHaveLength(0);
  });

  it('marks technicians with enterprise_role, at login and on the user object', async () => {
    const technician = await createUserWithRole(t, 'technician');
    const res = await t.http.post('/api/auth/login').send({ email: technician.email, password: PASSWORD }).expect(200);
    expect(res.body.data).toMatchObject({
      role: 'technician',
      enterprise_role: 'technician',
      user: { enterprise_role: 'technician' },
    });
  });

  it('logs out with only the bearer token, ending that login and no other', async () => {
    const email = uniqueEmail('bye');
    await t.http.post('/api/auth/register').send({ email, password: PASSWORD }).expect(201);
    const first = (await t.http.post('/api/auth/login').send({ email, password: PASSWORD })).body.data;
    const second = (await t.http.post('/api/auth/login').send({ email, password: PASSWORD })).body.data;
    await t.http
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${first.access_token}`)
      .set('Content-Type', 'application/json')
      .expect(200);
    await t.http.get('/api/users/me').set('Authorization', `Bearer ${first.access_token}`).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: first.refresh_token }).expect(401);
    await t.http.get('/api/users/me').set('Authorization', `Bearer ${second.access_token}`).expect(200);
    await t.http.post('/api/auth/logout').set('Authorization', 'Bearer not-a-token').expect(401);
    const anonymous = await t.http.post('/api/auth/logout').send({}).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHORIZED');
  });
});
