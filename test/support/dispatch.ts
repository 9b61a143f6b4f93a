import { TestApp } from './test-app';
import { LoggedIn } from './users';

/** The dispatch domain's API as tests call it: an admin sends a technician to a session (the request, to expect on). */
export function dispatchSession(t: TestApp, admin: LoggedIn, sessionId: string, technicianId: string) {
  return t.http.post(`/api/chat/sessions/${sessionId}/dispatch`).set(admin.auth).send({ technician_id: technicianId });
}
