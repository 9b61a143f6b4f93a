import { randomUUID } from 'node:crypto';
import { dataUrl, jpegWithExif } from './support/images';
import { toLegacy } from './support/legacy-adapter';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, PASSWORD, uniqueEmail } from './support/users';

/**
 * The legacy React app's requests, replayed as its services send them (frontend/src/services/*.js,
 * hooks/useChat.js, context/AuthContext.jsx, components/technician/TechnicianFeedbackForm.jsx): axios with
 * `Content-Type: application/json` on every request, the token from localStorage, and the response
 * adapter of test/support/legacy-adapter.ts.
 */
describe('The legacy frontend against this API', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await bootTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  /** One axios call of the legacy app: JSON content type always, bearer token when logged in. */
  async function api(
    method: 'get' | 'post' | 'put' | 'delete',
    url: string,
    body?: unknown,
    as = token,
    // The legacy app is plain JavaScript reading untyped JSON; its replay does the same.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; data: any }> {
    let request = t.http[method](`/api${url}`).set('Content-Type', 'application/json');
    if (as) {
      request = request.set('Authorization', `Bearer ${as}`);
    }
    const res = body === undefined ? await request : await request.send(body as object);
    return { status: res.status, data: toLegacy(url, res.body) };
  }

  it('signs up, logs in and reads the user (AuthContext)', async () => {
    const email = uniqueEmail('legacy');
    const username = `legacy_${email.slice(7, 15)}`;
    const register = await api('post', '/auth/register', {
      email,
      username,
      password: PASSWORD,
      confirmPassword: PASSWORD,
      full_name: 'Mehmet Öztürk',
      address: '',
      phone: '',
      preferred_contact_method: 'email',
      skill_level: 1,
      gdpr_consent: true,
      referral_source: '',
      age_verified: true,
      available_tools: [],
      owned_products: [],
    });
    expect(register.status).toBe(201);
    expect(register.data.access_token).toEqual(expect.any(String));
    const login = await api('post', '/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    const { access_token, role, enterprise_role } = login.data;
    expect({ role, enterprise_role }).toEqual({ role: 'user', enterprise_role: null });
    token = access_token;
    const me = await api('get', '/users/me');
    expect(me.data).toMatchObject({ email, username, full_name: 'Mehmet Öztürk', phone: null, address: null });
  });

  it('chats with photos, saves the assistant reply (images: null), and reads it all back after a reload (useChat)', async () => {
    const photo = dataUrl(await jpegWithExif(40, 20), 'image/jpeg');
    const created = await api('post', '/chat/sessions', { title: 'Çamaşır makinesi su...' });
    expect(created.status).toBe(201);
    const id = created.data.id as string;
    const user = await api('post', `/chat/sessions/${id}/messages`, {
      role: 'user',
      content: 'Çamaşır makinesi su boşaltmıyor, 5E hatası',
      images: [photo],
    });
    expect(user.status).toBe(201);
    const photoOnly = await api('post', `/chat/sessions/${id}/messages`, {
      role: 'user',
      content: 'Fotoğraf gönderildi',
      images: [photo],
    });
    expect(photoOnly.status).toBe(201);
    const reply = await api('post', `/chat/sessions/${id}/messages`, {
      role: 'assistant',
      content: 'Çamaşır makinenizde 5E hatası genellikle su tahliye sorununu gösterir.',
      images: null,
    });
    expect(reply.status).toBe(201);

    // A reload: getSessions(50), then getSession(id) when the customer opens it.
    const sessions = await api('get', '/chat/sessions?limit=50');
    expect(sessions.data.sessions.map((s: { id: string }) => s.id)).toContain(id);
    const session = await api('get', `/chat/sessions/${id}`);
    expect(session.data).toMatchObject({ id, title: 'Çamaşır makinesi su...', message_count: 3, ended_at: null });
    const messages = session.data.messages as { session_id: string; role: string; content: string; images: string[] }[];
    expect(messages.map((m) => [m.role, m.images.length])).toEqual([
      ['user', 1],
      ['user', 1],
      ['assistant', 0],
    ]);
    expect(messages.every((m) => m.session_id === id)).toBe(true);
    expect(messages[0].images[0]).toMatch(/^data:image\/jpeg;base64,/); // what <img src> shows as it is

    // Closing the chat, renaming it, and clearing the title.
    const ended = new Date('2026-12-01T10:00:00Z').toISOString();
    const put = await api('put', `/chat/sessions/${id}`, { title: 'x'.repeat(255), ended_at: ended });
    expect(put.status).toBe(200);
    expect(put.data).toMatchObject({ title: 'x'.repeat(255), ended_at: ended });
    expect((await api('put', `/chat/sessions/${id}`, { title: 'x'.repeat(256) })).status).toBe(400);
    expect((await api('put', `/chat/sessions/${id}`, { ended_at: 'yesterday' })).status).toBe(400);
    expect((await api('put', `/chat/sessions/${id}`, { problem_solved: null })).status).toBe(400);
    const reopened = await api('put', `/chat/sessions/${id}`, { title: null, ended_at: null });
    expect(reopened.data).toMatchObject({ title: 'New chat', ended_at: null });
  });

  it('rates chats, its own and ones it only kept locally, and reads the rating back (feedback.js)', async () => {
    const id = (await api('post', '/chat/sessions', { title: 'Buzdolabı' })).data.id as string;
    const saved = await api('post', '/chat/feedback', { session_id: id, rating: 5, comment: 'Teşekkürler' });
    expect(saved.status).toBe(201);
    const local = randomUUID(); // useChat's fallback id when the backend did not answer
    expect((await api('post', '/chat/feedback', { session_id: local, rating: 3, comment: null })).status).toBe(201);
    expect((await api('get', `/chat/feedback/${id}`)).data).toMatchObject({ session_id: id, rating: 5 });
    expect((await api('get', `/chat/feedback/${local}`)).data).toMatchObject({ session_id: local, rating: 3 });
    expect((await api('get', `/chat/feedback/${randomUUID()}`)).status).toBe(404);
  });

  it('deletes a session with axios (JSON content type, no body)', async () => {
    const id = (await api('post', '/chat/sessions', {})).data.id as string;
    expect((await api('delete', `/chat/sessions/${id}`)).status).toBe(200);
    expect((await api('get', `/chat/sessions/${id}`)).status).toBe(404);
  });

  it('files the technician form in each of its states (TechnicianFeedbackForm)', async () => {
    const technician = await createUserWithRole(t, 'technician');
    const login = await api('post', '/auth/login', { email: technician.email, password: PASSWORD }, '');
    expect(login.data.enterprise_role).toBe('technician'); // its technician pages open
    const as = login.data.access_token as string;
    const form = {
      rating: 4,
      comment: '',
      diagnosis_correct: true,
      parts_sufficient: true,
      second_trip_required: false,
      actual_problem: '',
      actual_reason: '',
      actual_solution: '',
      actual_parts_needed: '',
      field_trip_was_required: null,
    };
    expect((await api('post', '/technicians/feedback', form, as)).status).toBe(201);
    const wrong = {
      ...form,
      diagnosis_correct: false,
      actual_problem: 'Pompa arızası',
      actual_solution: 'Pompa değişti',
    };
    const filed = await api('post', '/technicians/feedback', { ...wrong, field_trip_was_required: true }, as);
    expect(filed.status).toBe(201);
    expect(filed.data).toMatchObject({ actual_problem_category: 'drain_pump', field_trip_was_required: true });
    const missing = await api('post', '/technicians/feedback', { ...wrong, actual_solution: '' }, as);
    expect(missing.status).toBe(400);
    const parts = await api(
      'post',
      '/technicians/feedback',
      { ...form, parts_sufficient: false, actual_parts_needed: 'Kapı contası' },
      as,
    );
    expect(parts.status).toBe(201);
    const list = await api('get', '/technicians/feedback?limit=50', undefined, as);
    expect(list.data.feedback).toHaveLength(3);
  });
});
