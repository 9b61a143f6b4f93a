import { randomUUID } from 'node:crypto';
import { png } from './support/images';
import { routeTable } from './support/routes';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, login, PASSWORD, registerUser, uniqueEmail } from './support/users';
import { newSession } from './support/chat';
import { dispatchSession } from './support/dispatch';

type Caller = 'anonymous' | 'user' | 'other' | 'technician' | 'admin';
/** Callers in the order they call: the owner last, so a destructive route's success comes after the refusals. */
const CALLERS: Caller[] = ['anonymous', 'other', 'technician', 'admin', 'user'];

/** A fresh world per route: a customer's session with a photo, rated, dispatched to a technician who reported. */
interface World {
  t: TestApp;
  /** A base64 PNG. */
  image: string;
  user: LoggedIn;
  other: LoggedIn;
  technician: LoggedIn;
  admin: LoggedIn;
  session: string;
  message: string;
  /** Dispatched to the technician, not reported on yet. */
  openSession: string;
  feedback: string;
}

interface Call {
  url: string;
  body?: Record<string, unknown>;
  form?: Record<string, string>;
}

interface Rule {
  call: (w: World, caller: LoggedIn | undefined) => Call | Promise<Call>;
  /** Expected status per caller. */
  expect: Record<Caller, number>;
}

const ANY_LOGGED_IN = (ok: number) => ({ anonymous: 401, user: ok, other: ok, technician: ok, admin: ok });
const OWNER_ONLY = (ok: number) => ({ anonymous: 401, user: ok, other: 404, technician: 404, admin: 404 });
const ROLE_ONLY = (role: 'technician' | 'admin', ok: number) => ({
  anonymous: 401,
  user: 403,
  other: 403,
  technician: role === 'technician' ? ok : 403,
  admin: role === 'admin' ? ok : 403,
});
const PUBLIC = (ok: number) => ({ anonymous: ok, user: ok, other: ok, technician: ok, admin: ok });

/**
 * Every route of the route table with the status each caller must get. Owner-scoped resources are a 404
 * for everyone else (never a 403 that would confirm they exist); role-guarded routes are 403 for other
 * roles. A route missing here fails the test.
 */
const RULES: Record<string, Rule> = {
  'GET /api/health': { call: () => ({ url: '/api/health' }), expect: PUBLIC(200) },
  'GET /api/health/ready': { call: () => ({ url: '/api/health/ready' }), expect: PUBLIC(200) },
  'POST /api/auth/register': {
    call: () => ({ url: '/api/auth/register', body: { email: uniqueEmail('m'), password: PASSWORD } }),
    expect: PUBLIC(201),
  },
  'POST /api/auth/login': {
    call: (w) => ({ url: '/api/auth/login', body: { email: w.user.email, password: PASSWORD } }),
    expect: PUBLIC(200),
  },
  'POST /api/auth/token': {
    call: (w) => ({
      url: '/api/auth/token',
      form: { grant_type: 'password', username: w.user.email, password: PASSWORD },
    }),
    expect: PUBLIC(200),
  },
  'POST /api/auth/refresh': {
    call: async (w, caller) => ({
      url: '/api/auth/refresh',
      body: { refresh_token: (await login(w.t.http, (caller ?? w.user).email)).refreshToken },
    }),
    expect: PUBLIC(200),
  },
  'POST /api/auth/logout': {
    call: async (w, caller) => ({
      url: '/api/auth/logout',
      body: { refresh_token: (await login(w.t.http, (caller ?? w.user).email)).refreshToken },
    }),
    expect: PUBLIC(200),
  },
  'GET /api/users/me': { call: () => ({ url: '/api/users/me' }), expect: ANY_LOGGED_IN(200) },
  'PATCH /api/users/me': {
    call: () => ({ url: '/api/users/me', body: { full_name: 'Renamed' } }),
    expect: ANY_LOGGED_IN(200),
  },
  'DELETE /api/users/me': {
    call: () => ({ url: '/api/users/me', body: { password: PASSWORD } }),
    expect: ANY_LOGGED_IN(200),
  },
  'GET /api/users': { call: () => ({ url: '/api/users' }), expect: ROLE_ONLY('admin', 200) },
  'PATCH /api/users/:id': {
    call: (w) => ({ url: `/api/users/${w.user.id}`, body: { is_active: true } }),
    expect: ROLE_ONLY('admin', 200),
  },
  'POST /api/chat/sessions': {
    call: () => ({ url: '/api/chat/sessions', body: { title: 'Mine' } }),
    expect: ANY_LOGGED_IN(201),
  },
  'GET /api/chat/sessions': { call: () => ({ url: '/api/chat/sessions' }), expect: ANY_LOGGED_IN(200) },
  'GET /api/chat/sessions/:session_id': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}` }),
    expect: OWNER_ONLY(200),
  },
  'PUT /api/chat/sessions/:session_id': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}`, body: { problem_solved: true } }),
    expect: OWNER_ONLY(200),
  },
  'DELETE /api/chat/sessions/:session_id': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}` }),
    expect: OWNER_ONLY(200),
  },
  'POST /api/chat/sessions/:session_id/messages': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/messages`, body: { role: 'user', content: 'Still broken' } }),
    expect: OWNER_ONLY(201),
  },
  'DELETE /api/chat/sessions/:session_id/messages/:message_id': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/messages/${w.message}` }),
    expect: OWNER_ONLY(200),
  },
  'GET /api/chat/sessions/:session_id/messages/:message_id/images/:index': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/messages/${w.message}/images/0` }),
    expect: OWNER_ONLY(200),
  },
  'POST /api/chat/sessions/:session_id/assistant': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/assistant`, body: {} }),
    expect: OWNER_ONLY(201),
  },
  'POST /api/chat/sessions/:session_id/dispatch': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/dispatch`, body: { technician_id: w.technician.id } }),
    expect: ROLE_ONLY('admin', 200),
  },
  'DELETE /api/chat/sessions/:session_id/dispatch': {
    call: (w) => ({ url: `/api/chat/sessions/${w.session}/dispatch` }),
    expect: ROLE_ONLY('admin', 200),
  },
  'POST /api/chat/feedback': {
    call: (w) => ({ url: '/api/chat/feedback', body: { session_id: w.session, rating: 4 } }),
    // 200: the world's session is already rated (an update). Anyone else naming it records a reference of
    // their own (201), never linked to the owner's session: the legacy contract for sessions kept elsewhere.
    expect: { anonymous: 401, user: 200, other: 201, technician: 201, admin: 201 },
  },
  'GET /api/chat/feedback': { call: () => ({ url: '/api/chat/feedback' }), expect: ANY_LOGGED_IN(200) },
  'GET /api/chat/feedback/:session_id': {
    call: (w) => ({ url: `/api/chat/feedback/${w.session}` }),
    expect: OWNER_ONLY(200),
  },
  'GET /api/technicians/sessions': {
    call: () => ({ url: '/api/technicians/sessions' }),
    expect: ROLE_ONLY('technician', 200),
  },
  'GET /api/technicians/sessions/:session_id': {
    call: (w) => ({ url: `/api/technicians/sessions/${w.session}` }),
    expect: ROLE_ONLY('technician', 200),
  },
  'GET /api/technicians/sessions/:session_id/messages/:message_id/images/:index': {
    call: (w) => ({ url: `/api/technicians/sessions/${w.session}/messages/${w.message}/images/0` }),
    expect: ROLE_ONLY('technician', 200),
  },
  'POST /api/technicians/feedback': {
    call: (w) => ({
      url: '/api/technicians/feedback',
      body: {
        chat_session_id: w.openSession,
        rating: 5,
        diagnosis_correct: true,
        parts_sufficient: true,
        second_trip_required: false,
      },
    }),
    expect: ROLE_ONLY('technician', 201),
  },
  'GET /api/technicians/feedback': {
    call: () => ({ url: '/api/technicians/feedback' }),
    expect: ROLE_ONLY('technician', 200),
  },
  'GET /api/technicians/feedback/:feedback_id': {
    call: (w) => ({ url: `/api/technicians/feedback/${w.feedback}` }),
    expect: ROLE_ONLY('technician', 200),
  },
  'GET /api/admin/feedback/chat': {
    call: () => ({ url: '/api/admin/feedback/chat' }),
    expect: ROLE_ONLY('admin', 200),
  },
  'GET /api/admin/feedback/technicians': {
    call: () => ({ url: '/api/admin/feedback/technicians' }),
    expect: ROLE_ONLY('admin', 200),
  },
  'GET /api/analytics/summary': { call: () => ({ url: '/api/analytics/summary' }), expect: ROLE_ONLY('admin', 200) },
  'POST /api/vlm/analyze': {
    call: (w) => ({ url: '/api/vlm/analyze', body: { images: [w.image] } }),
    expect: ANY_LOGGED_IN(200),
  },
  'GET /api/admin/audit': { call: () => ({ url: '/api/admin/audit' }), expect: ROLE_ONLY('admin', 200) },
  'GET /api/metrics': { call: () => ({ url: '/api/metrics' }), expect: ROLE_ONLY('admin', 200) },
  'GET /api/vlm/status': { call: () => ({ url: '/api/vlm/status' }), expect: ROLE_ONLY('admin', 200) },
};

describe('Authorization matrix: every route × anonymous, user, other user, technician, admin', () => {
  let t: TestApp;
  let image: string;

  beforeAll(async () => {
    t = await bootTestApp();
    image = (await png(32, 32)).toString('base64');
  });

  afterAll(async () => {
    await t.close();
  });

  async function world(): Promise<World> {
    const [user, other, technician, admin] = await Promise.all([
      registerUser(t, 'owner'),
      registerUser(t, 'other'),
      createUserWithRole(t, 'technician'),
      createUserWithRole(t, 'admin'),
    ]);
    const [session, openSession, reported] = await Promise.all([
      newSession(t, user),
      newSession(t, user),
      newSession(t, user),
    ]);
    const message = (
      await t.http
        .post(`/api/chat/sessions/${session}/messages`)
        .set(user.auth)
        .send({ role: 'user', content: 'My Bosch washer shows E18', images: [image] })
        .expect(201)
    ).body.data.id as string;
    await t.http.post('/api/chat/feedback').set(user.auth).send({ session_id: session, rating: 3 }).expect(201);
    for (const id of [session, openSession, reported]) {
      await dispatchSession(t, admin, id, technician.id).expect(200);
    }
    const feedback = (
      await t.http
        .post('/api/technicians/feedback')
        .set(technician.auth)
        .send({
          chat_session_id: reported,
          rating: 4,
          diagnosis_correct: true,
          parts_sufficient: true,
          second_trip_required: false,
        })
        .expect(201)
    ).body.data.id as string;
    return { t, image, user, other, technician, admin, session, message, openSession, feedback };
  }

  it('has a rule for every route, and no rule for a route that does not exist', () => {
    const routes = routeTable(t.app).map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((r) => !(r in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.keys(RULES))('%s', async (route) => {
    const rule = RULES[route];
    const w = await world();
    const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const seen: Record<string, number> = {};
    for (const caller of CALLERS) {
      const who = caller === 'anonymous' ? undefined : w[caller];
      const call = await rule.call(w, who);
      let request = t.http[method](call.url);
      if (who) {
        request = request.set(who.auth);
      }
      const res = call.form ? await request.type('form').send(call.form) : await request.send(call.body ?? {});
      seen[caller] = res.status;
      if (res.status >= 400) {
        expect(res.body).toMatchObject({ status: 'error', data: null });
      }
    }
    expect(seen).toEqual(rule.expect);
  });

  it('a 404 for another user does not depend on whether the resource exists', async () => {
    const w = await world();
    const missing = randomUUID();
    for (const url of [`/api/chat/sessions/${w.session}`, `/api/chat/sessions/${missing}`]) {
      const res = await t.http.get(url).set(w.other.auth).expect(404);
      expect(res.body).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    }
  });
});
