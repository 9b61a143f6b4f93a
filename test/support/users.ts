import TestAgent from 'supertest/lib/agent';
import { randomBytes } from 'node:crypto';
import { PasswordHasher } from '../../src/modules/users/credentials/password-hasher';
import { UserRole } from '../../src/common/auth/user-role';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { TestApp } from './test-app';

export const PASSWORD = 'a sturdy passphrase 42';

export interface LoggedIn {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(4).toString('hex')}@example.com`;
}

/** A login session from the token pair login answers with. */
export function loggedIn(
  email: string,
  password: string,
  pair: { access_token: string; refresh_token: string; user: { id: string } },
): LoggedIn {
  return {
    id: pair.user.id,
    email,
    password,
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    auth: { Authorization: `Bearer ${pair.access_token}` },
  };
}

export async function login(http: TestAgent, email: string, password = PASSWORD): Promise<LoggedIn> {
  const res = await http.post('/api/auth/login').send({ email, password }).expect(200);
  return loggedIn(email, password, res.body.data);
}

/** A customer registered through the API, then logged in. */
export async function registerUser(t: TestApp, prefix = 'user'): Promise<LoggedIn> {
  const email = uniqueEmail(prefix);
  await t.http.post('/api/auth/register').send({ email, password: PASSWORD }).expect(201);
  return login(t.http, email);
}

/** Technicians and admins are made by ops (the CLI); tests create them through the same repository. */
export async function createUserWithRole(t: TestApp, role: UserRole, prefix: string = role): Promise<LoggedIn> {
  const email = uniqueEmail(prefix);
  const passwordHash = await t.app.get(PasswordHasher).hash(PASSWORD);
  await t.app.get(UsersRepository).create({ email, passwordHash, fullName: null, role });
  return login(t.http, email);
}
