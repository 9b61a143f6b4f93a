import { TestApp } from './test-app';
import { LoggedIn } from './users';

/** The chat domain's API as tests call it, through HTTP like a frontend. */

/** Creates a session for `user` (body as POST /api/chat/sessions takes it) and returns its id. */
export async function newSession(t: TestApp, user: LoggedIn, body: Record<string, unknown> = {}): Promise<string> {
  return (await t.http.post('/api/chat/sessions').set(user.auth).send(body).expect(201)).body.data.id as string;
}

/** Posts a message to a session (the request, for the caller to expect on). */
export function postMessage(t: TestApp, user: LoggedIn, sessionId: string, body: Record<string, unknown>) {
  return t.http.post(`/api/chat/sessions/${sessionId}/messages`).set(user.auth).send(body);
}
