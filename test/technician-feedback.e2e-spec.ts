import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataUrl, png } from './support/images';
import { bootTestApp, TestApp } from './support/test-app';
import { createUserWithRole, LoggedIn, registerUser } from './support/users';
import { dispatchSession } from './support/dispatch';

const CLEAN_VISIT = { rating: 5, diagnosis_correct: true, parts_sufficient: true, second_trip_required: false };

describe('Dispatch, technician views and technician feedback', () => {
  let t: TestApp;
  let db: DataSource;
  let customer: LoggedIn;
  let tech: LoggedIn;
  let otherTech: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    customer = await registerUser(t, 'customer');
    tech = await createUserWithRole(t, 'technician', 'tech');
    otherTech = await createUserWithRole(t, 'technician', 'tech2');
    admin = await createUserWithRole(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  const customerSession = async (): Promise<{ id: string; messageId: string }> => {
    const id = (await t.http.post('/api/chat/sessions').set(customer.auth).send({ title: 'Washer E24' }).expect(201))
      .body.data.id;
    const message = await t.http
      .post(`/api/chat/sessions/${id}/messages`)
      .set(customer.auth)
      .send({ role: 'user', content: 'Water stays in the drum', images: [dataUrl(await png())] })
      .expect(201);
    return { id, messageId: message.body.data.id };
  };
  const dispatch = (sessionId: string, technicianId: string, who: LoggedIn = admin) =>
    dispatchSession(t, who, sessionId, technicianId);

  describe('dispatch (admin)', () => {
    it('assigns, re-assigns and unassigns, keeping technician_dispatched in step', async () => {
      const { id } = await customerSession();
      const res = await dispatch(id, tech.id).expect(200);
      expect(res.body.data).toMatchObject({ session_id: id, technician_id: tech.id, assigned_by: admin.id });
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth)).body.data.technician_dispatched).toBe(
        true,
      );

      await dispatch(id, otherTech.id).expect(200);
      await t.http.get(`/api/technicians/sessions/${id}`).set(tech.auth).expect(404);
      await t.http.get(`/api/technicians/sessions/${id}`).set(otherTech.auth).expect(200);
      expect(await db.query('SELECT 1 FROM session_assignments WHERE session_id = $1', [id])).toHaveLength(1);

      await t.http.delete(`/api/chat/sessions/${id}/dispatch`).set(admin.auth).expect(200);
      await t.http.delete(`/api/chat/sessions/${id}/dispatch`).set(admin.auth).expect(404);
      expect((await t.http.get(`/api/chat/sessions/${id}`).set(customer.auth)).body.data.technician_dispatched).toBe(
        false,
      );
      await t.http.get(`/api/technicians/sessions/${id}`).set(otherTech.auth).expect(404);
    });

    it('refuses a non-technician (400), an unknown session (404) and non-admins (403/401)', async () => {
      const { id } = await customerSession();
      const notTech = await dispatch(id, customer.id).expect(400);
      expect(notTech.body.code).toBe('NOT_A_TECHNICIAN');
      await dispatch(id, randomUUID()).expect(400);
      await dispatch(randomUUID(), tech.id).expect(404);
      await dispatch(id, tech.id, tech).expect(403);
      await dispatch(id, tech.id, customer).expect(403);
      await t.http.post(`/api/chat/sessions/${id}/dispatch`).send({ technician_id: tech.id }).expect(401);
      await t.http.post(`/api/chat/sessions/${id}/dispatch`).set(admin.auth).send({}).expect(400);
    });
  });

  describe('technician views', () => {
    it('lists assigned sessions and shows one read-only with the photos', async () => {
      const { id, messageId } = await customerSession();
      await dispatch(id, tech.id).expect(200);
      const list = (await t.http.get('/api/technicians/sessions').set(tech.auth).expect(200)).body.data;
      expect(list.items[0]).toMatchObject({
        id,
        title: 'Washer E24',
        message_count: 1,
        assigned_at: expect.any(String),
      });
      const detail = (await t.http.get(`/api/technicians/sessions/${id}`).set(tech.auth).expect(200)).body.data;
      expect(detail.messages[0]).toMatchObject({ id: messageId, content: 'Water stays in the drum' });
      expect(detail.messages[0].images).toHaveLength(1);
      expect(detail.messages[0].image_refs[0].url).toMatch(
        new RegExp(`^/api/technicians/sessions/${id}/messages/${messageId}/images/0\\?exp=\\d+&sig=`),
      );
      const unsigned = detail.messages[0].image_refs[0].url.split('?')[0];
      await t.http.get(unsigned).set(customer.auth).expect(403);
      await t.http.get(unsigned).expect(401);
      const image = await t.http.get(detail.messages[0].image_refs[0].url).set(tech.auth).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
      // Another technician with their own token cannot read it (the signed URL is handed to this one only).
      await t.http.get(unsigned).set(otherTech.auth).expect(404);
    });

    it('keeps technician routes to technicians: users and admins get 403, anonymous 401', async () => {
      for (const path of [
        '/api/technicians/sessions',
        '/api/technicians/feedback',
        `/api/technicians/feedback/${randomUUID()}`,
      ]) {
        await t.http.get(path).expect(401);
        await t.http.get(path).set(customer.auth).expect(403);
        await t.http.get(path).set(admin.auth).expect(403);
      }
      await t.http.post('/api/technicians/feedback').set(customer.auth).send(CLEAN_VISIT).expect(403);
    });
  });

  describe('technician feedback', () => {
    it('records a report on an assigned session, and a second visit’s report beside it', async () => {
      const { id } = await customerSession();
      await dispatch(id, tech.id).expect(200);
      const res = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({
          rating: 2,
          comment: 'Customer had a sock in the pump',
          diagnosis_correct: false,
          parts_sufficient: false,
          second_trip_required: true,
          chat_session_id: id,
          actual_problem: 'Drain pump blocked by a sock',
          actual_solution: 'Removed the sock, replaced the pump impeller',
          actual_problem_category: 'drain_pump',
          missing_parts: ['impeller'],
          second_trip_reason: 'Impeller not in the van',
        })
        .expect(201);
      expect(res.body.data).toMatchObject({
        chat_session_id: id,
        diagnosis_correct: false,
        actual_problem_category: 'drain_pump',
        missing_parts: ['impeller'],
      });
      const [raw] = (await db.query(
        'SELECT actual_problem, missing_parts, actual_problem_category FROM technician_feedback WHERE id = $1',
        [res.body.data.id],
      )) as { actual_problem: string; missing_parts: string; actual_problem_category: string }[];
      expect(raw.actual_problem).toMatch(/^gAAAAA/);
      expect(raw.missing_parts).not.toContain('impeller');
      expect(raw.actual_problem_category).toBe('drain_pump');

      const again = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, chat_session_id: id })
        .expect(201);
      expect(again.body.data.id).not.toBe(res.body.data.id);
      const reports = (await db.query('SELECT count(*)::int AS n FROM technician_feedback WHERE chat_session_id = $1', [
        id,
      ])) as { n: number }[];
      expect(reports[0].n).toBe(2);
    });

    it('applies the conditional-field rules both ways', async () => {
      const missing = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, diagnosis_correct: false })
        .expect(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['actual_problem', 'actual_solution']);
      const garbage = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, missing_parts: ['belt'], second_trip_reason: 'x' })
        .expect(400);
      expect(garbage.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'missing_parts',
        'second_trip_reason',
      ]);
      await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, parts_sufficient: false, missing_parts: [] })
        .expect(400);
      await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, parts_sufficient: false, missing_parts: Array.from({ length: 21 }, () => 'x') })
        .expect(400);
      await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({
          ...CLEAN_VISIT,
          diagnosis_correct: false,
          actual_problem: 'a',
          actual_solution: 'b',
          actual_problem_category: 'flux_capacitor',
        })
        .expect(400);
      await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, rating: 6 })
        .expect(400);
      await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, diagnosis_correct: 'no' })
        .expect(400);
      await t.http.post('/api/technicians/feedback').set(tech.auth).send(CLEAN_VISIT).expect(201);
    });

    it('takes the legacy form as it sends it: defaults, empty strings and nulls as absent, every legacy field', async () => {
      // The legacy form's initial state, rated: the flags default, empty texts and a null mean "not given".
      const legacyForm = {
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
      const clean = await t.http.post('/api/technicians/feedback').set(tech.auth).send(legacyForm).expect(201);
      expect(clean.body.data).toMatchObject({
        comment: null,
        diagnosis_correct: true,
        actual_problem: null,
        field_trip_was_required: null,
        chat_session_id: null,
        session_verified: false,
      });
      const defaults = await t.http.post('/api/technicians/feedback').set(tech.auth).send({ rating: 5 }).expect(201);
      expect(defaults.body.data).toMatchObject({
        diagnosis_correct: true,
        parts_sufficient: true,
        second_trip_required: false,
      });
      await t.http.post('/api/technicians/feedback').set(tech.auth).send({ rating: null }).expect(400);

      // A wrong diagnosis, in Turkish, with every legacy field: the category comes from the text.
      const { id } = await customerSession();
      await dispatch(id, tech.id).expect(200);
      const wrong = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({
          ...legacyForm,
          chat_session_id: id.toUpperCase(),
          diagnosis_correct: false,
          parts_sufficient: false,
          actual_problem: 'Motor arızası',
          actual_reason: 'Kömürler bitmiş',
          actual_solution: 'Motor kömürleri değişti',
          actual_parts_needed: 'Motor kömürü',
          field_trip_was_required: true,
          ai_diagnosed_problem: 'Pompa tıkalı',
          ai_recommended_parts: 'Pompa filtresi',
          ai_solution_strategy: 'Filtreyi temizle',
        })
        .expect(201);
      expect(wrong.body.data).toMatchObject({
        chat_session_id: id,
        session_verified: true,
        diagnosis_correct: false,
        parts_sufficient: false,
        actual_problem: 'Motor arızası',
        actual_reason: 'Kömürler bitmiş',
        actual_solution: 'Motor kömürleri değişti',
        actual_parts_needed: 'Motor kömürü',
        field_trip_was_required: true,
        ai_diagnosed_problem: 'Pompa tıkalı',
        ai_recommended_parts: 'Pompa filtresi',
        ai_solution_strategy: 'Filtreyi temizle',
        actual_problem_category: 'motor',
        missing_parts: null,
      });
      const read = await t.http.get(`/api/technicians/feedback/${wrong.body.data.id}`).set(tech.auth).expect(200);
      expect(read.body.data).toEqual(wrong.body.data);
      const [raw] = (await db.query(
        'SELECT actual_reason, ai_diagnosed_problem FROM technician_feedback WHERE id = $1',
        [wrong.body.data.id],
      )) as { actual_reason: string; ai_diagnosed_problem: string }[];
      expect(raw.actual_reason).toMatch(/^gAAAAA/);
      expect(raw.ai_diagnosed_problem).toMatch(/^gAAAAA/);
    });

    it('keeps a report on a session not assigned to the caller as unverified, and hides another technician’s report', async () => {
      const { id } = await customerSession();
      const before = (await t.http.get('/api/analytics/summary').set(admin.auth).expect(200)).body.data;
      const unassigned = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({ ...CLEAN_VISIT, chat_session_id: id })
        .expect(201);
      expect(unassigned.body.data).toMatchObject({ chat_session_id: id, session_verified: false });
      const unknown = randomUUID();
      const nowhere = await t.http
        .post('/api/technicians/feedback')
        .set(tech.auth)
        .send({
          ...CLEAN_VISIT,
          diagnosis_correct: false,
          actual_problem: 'x',
          actual_solution: 'y',
          chat_session_id: unknown,
        })
        .expect(201);
      expect(nowhere.body.data).toMatchObject({ chat_session_id: unknown, session_verified: false });
      const [row] = (await db.query(
        'SELECT chat_session_id, session_reference FROM technician_feedback WHERE id = $1',
        [unassigned.body.data.id],
      )) as { chat_session_id: string | null; session_reference: string }[];
      expect(row).toEqual({ chat_session_id: null, session_reference: id });
      // Unverified reports count nowhere in the quality figures.
      const after = (await t.http.get('/api/analytics/summary').set(admin.auth).expect(200)).body.data;
      expect(after.technician_visits).toEqual(before.technician_visits);
      await dispatch(id, otherTech.id).expect(200);
      const theirs = (
        await t.http
          .post('/api/technicians/feedback')
          .set(otherTech.auth)
          .send({ ...CLEAN_VISIT, chat_session_id: id })
          .expect(201)
      ).body.data;
      await t.http.get(`/api/technicians/feedback/${theirs.id}`).set(otherTech.auth).expect(200);
      await t.http.get(`/api/technicians/feedback/${theirs.id}`).set(tech.auth).expect(404);
      await t.http.get('/api/technicians/feedback/not-a-uuid').set(tech.auth).expect(400);
      const mine = (await t.http.get('/api/technicians/feedback?limit=200').set(tech.auth).expect(200)).body.data.items;
      expect(mine.map((f: { id: string }) => f.id)).not.toContain(theirs.id);
      await t.http.get('/api/technicians/feedback?limit=201').set(tech.auth).expect(400);
    });

    it('keeps the report, unlinked, when the customer deletes the session', async () => {
      const { id } = await customerSession();
      await dispatch(id, tech.id).expect(200);
      const report = (
        await t.http
          .post('/api/technicians/feedback')
          .set(tech.auth)
          .send({ ...CLEAN_VISIT, chat_session_id: id })
          .expect(201)
      ).body.data;
      await t.http.delete(`/api/chat/sessions/${id}`).set(customer.auth).expect(200);
      const kept = await t.http.get(`/api/technicians/feedback/${report.id}`).set(tech.auth).expect(200);
      expect(kept.body.data.chat_session_id).toBeNull();
      expect(await db.query('SELECT 1 FROM session_assignments WHERE session_id = $1', [id])).toHaveLength(0);
    });
  });
});
