import { png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dispatchSession } from './support/dispatch';

describe('Audit log', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let technician: LoggedIn;
  let customer: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await createUserWithRole(t, 'admin');
    technician = await createUserWithRole(t, 'technician');
    customer = await registerUser(t, 'audited');
  });

  afterAll(async () => {
    await t.close();
  });

  const audit = async (query = '') =>
    (await t.http.get(`/api/admin/audit${query}`).set(admin.auth).expect(200)).body.data as {
      items: { actor_id: string | null; action: string; target_type: string; target_id: string; details: unknown }[];
      next_cursor: string | null;
    };

  it('records role changes, deactivations, dispatches and technician access, newest first, with filters', async () => {
    const session = (await t.http.post('/api/chat/sessions').set(customer.auth).send({}).expect(201)).body.data.id;
    const message = (
      await t.http
        .post(`/api/chat/sessions/${session}/messages`)
        .set(customer.auth)
        .send({ role: 'user', content: 'leak', images: [(await png()).toString('base64')] })
        .expect(201)
    ).body.data.id;
    const other = await registerUser(t, 'promoted');
    await t.http.patch(`/api/users/${other.id}`).set(admin.auth).send({ role: 'technician' }).expect(200);
    await t.http.patch(`/api/users/${other.id}`).set(admin.auth).send({ role: 'technician' }).expect(200); // no change
    await t.http.patch(`/api/users/${other.id}`).set(admin.auth).send({ is_active: false }).expect(200);
    await dispatchSession(t, admin, session, technician.id).expect(200);
    await t.http.get(`/api/technicians/sessions/${session}`).set(technician.auth).expect(200);
    await t.http
      .get(`/api/technicians/sessions/${session}/messages/${message}/images/0`)
      .set(technician.auth)
      .expect(200);
    await t.http.delete(`/api/chat/sessions/${session}/dispatch`).set(admin.auth).expect(200);
    // Refused requests leave no record.
    await t.http.get(`/api/technicians/sessions/${session}`).set(technician.auth).expect(404);
    await t.http.patch(`/api/users/${other.id}`).set(customer.auth).send({ role: 'admin' }).expect(403);

    const { items } = await audit();
    expect(items.map((i) => i.action)).toEqual([
      'session.undispatched',
      'technician.photo_viewed',
      'technician.session_viewed',
      'session.dispatched',
      'user.deactivated',
      'user.role_changed',
    ]);
    expect(items[1]).toMatchObject({
      actor_id: technician.id,
      target_type: 'chat_message',
      target_id: message,
      details: { session_id: session, index: 0 },
    });
    expect(items[3]).toMatchObject({
      actor_id: admin.id,
      target_id: session,
      details: { technician_id: technician.id },
    });
    expect(items[5]).toMatchObject({
      actor_id: admin.id,
      target_id: other.id,
      details: { from: 'user', to: 'technician' },
    });
    expect(JSON.stringify(items)).not.toContain('leak'); // ids and facts, never customer content

    expect((await audit('?action=technician.session_viewed')).items).toHaveLength(1);
    expect((await audit(`?actor_id=${technician.id}`)).items).toHaveLength(2);
    expect((await audit(`?target_id=${session}`)).items).toHaveLength(3);
    const first = await audit('?limit=4');
    expect(first.items).toHaveLength(4);
    expect((await audit(`?limit=4&cursor=${first.next_cursor}`)).items.map((i) => i.action)).toEqual([
      'user.deactivated',
      'user.role_changed',
    ]);
    const bad = await t.http.get('/api/admin/audit?action=everything').set(admin.auth).expect(400);
    expect(bad.body.errors[0].field).toBe('action');
  });
});
