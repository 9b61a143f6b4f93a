import { randomUUID } from 'node:crypto';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';

type Role = 'user' | 'technician' | 'admin';

/** Every route of the feedback issue × (anonymous, user, technician, admin): who gets in, who gets 401/403. */
const ROUTES: { method: 'get' | 'post' | 'delete'; path: string; allowed: Role[] }[] = [
  { method: 'post', path: '/api/chat/feedback', allowed: ['user', 'technician', 'admin'] },
  { method: 'get', path: '/api/chat/feedback', allowed: ['user', 'technician', 'admin'] },
  { method: 'get', path: `/api/chat/feedback/${randomUUID()}`, allowed: ['user', 'technician', 'admin'] },
  { method: 'post', path: '/api/technicians/feedback', allowed: ['technician'] },
  { method: 'get', path: '/api/technicians/feedback', allowed: ['technician'] },
  { method: 'get', path: `/api/technicians/feedback/${randomUUID()}`, allowed: ['technician'] },
  { method: 'get', path: '/api/technicians/sessions', allowed: ['technician'] },
  { method: 'get', path: `/api/technicians/sessions/${randomUUID()}`, allowed: ['technician'] },
  { method: 'post', path: `/api/chat/sessions/${randomUUID()}/dispatch`, allowed: ['admin'] },
  { method: 'delete', path: `/api/chat/sessions/${randomUUID()}/dispatch`, allowed: ['admin'] },
  { method: 'get', path: '/api/admin/feedback/chat', allowed: ['admin'] },
  { method: 'get', path: '/api/admin/feedback/technicians', allowed: ['admin'] },
  { method: 'get', path: '/api/analytics/summary', allowed: ['admin'] },
];

describe('Feedback routes: role matrix', () => {
  let t: TestApp;
  const callers = {} as Record<Role, LoggedIn>;

  beforeAll(async () => {
    t = await bootTestApp();
    callers.user = await registerUser(t, 'matrix');
    callers.technician = await createUserWithRole(t, 'technician');
    callers.admin = await createUserWithRole(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(ROUTES)('$method $path', async ({ method, path, allowed }) => {
    expect((await t.http[method](path).send({})).status).toBe(401);
    for (const role of ['user', 'technician', 'admin'] as Role[]) {
      const res = await t.http[method](path).set(callers[role].auth).send({});
      if (allowed.includes(role)) {
        expect([200, 201, 400, 404]).toContain(res.status); // in: then validation or lookup decides
      } else {
        expect({ role, status: res.status, code: res.body.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
      }
    }
  });
});
