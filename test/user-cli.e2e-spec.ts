import { CliResult, runScript } from './support/cli';
import { bootTestApp, TestApp } from './support/test-app';
import { login, uniqueEmail } from './support/users';

function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runScript('user-cli.ts', args, env);
}

describe('Ops CLI: user:create and user:set-password', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await bootTestApp();
    // The server's key, as ops run it: profiles hold encrypted fields the CLI loads.
    env = { DATABASE_URL: t.databaseUrl ?? '', ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? '' };
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates a technician that can log in, and never prints the password', async () => {
    const email = uniqueEmail('tech');
    const result = await cli(['create', '--email', email, '--role', 'technician', '--full-name', 'Tess Tech'], {
      ...env,
      USER_PASSWORD: 'technician secret 9',
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Created technician /);
    expect(result.out + result.err).not.toContain('technician secret 9');
    const session = await login(t.http, email, 'technician secret 9');
    const me = await t.http.get('/api/users/me').set(session.auth).expect(200);
    expect(me.body.data).toMatchObject({ role: 'technician', full_name: 'Tess Tech' });
  });

  it('exits non-zero without a password source, for a bad role, a weak password or a duplicate email', async () => {
    const email = uniqueEmail('admin');
    expect((await cli(['create', '--email', email, '--role', 'admin'], env)).code).toBe(1);
    const badRole = await cli(['create', '--email', email, '--role', 'root', '--password', 'long enough secret'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('--role must be one of user, technician, admin');
    expect((await cli(['create', '--email', email, '--role', 'admin', '--password', 'password123'], env)).code).toBe(1);
    expect(
      (await cli(['create', '--email', email, '--role', 'admin', '--password', 'long enough secret'], env)).code,
    ).toBe(0);
    const duplicate = await cli(
      ['create', '--email', email, '--role', 'admin', '--password', 'long enough secret'],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toContain('already exists');
  });

  it('resets a password and ends that user’s logins', async () => {
    const email = uniqueEmail('reset');
    await cli(['create', '--email', email, '--role', 'user', '--password', 'first secret 123'], env);
    const session = await login(t.http, email, 'first secret 123');
    await t.http.patch('/api/users/me').set(session.auth).send({ phone: '+90 555 000 1122' }).expect(200);
    const reset = await cli(['set-password', '--email', email], { ...env, USER_PASSWORD: 'second secret 456' });
    expect(reset.code).toBe(0);
    await t.http.get('/api/users/me').set(session.auth).expect(401);
    await t.http.post('/api/auth/login').send({ email, password: 'first secret 123' }).expect(401);
    const again = await login(t.http, email, 'second secret 456');
    expect((await t.http.get('/api/users/me').set(again.auth).expect(200)).body.data.phone).toBe('+90 555 000 1122');
    expect(
      (await cli(['set-password', '--email', uniqueEmail('ghost'), '--password', 'whatever secret'], env)).code,
    ).toBe(1);
  });
});
