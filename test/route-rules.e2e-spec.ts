import { routeTable } from './support/routes';
import { bootTestApp, TestApp } from './support/test-app';

/** docs/api.md: every route is either @Public() or names who may call it. A new route without a rule fails here. */
describe('Route access rules', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives every route an explicit rule, and anonymous callers 401 on every non-public one', async () => {
    const routes = routeTable(t.app);
    expect(routes.length).toBeGreaterThan(25);
    const withoutRule = routes.filter((r) => !r.isPublic && (r.roles === undefined || r.roles.length === 0));
    expect(withoutRule).toEqual([]);

    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const route of routes.filter((r) => !r.isPublic)) {
      const url = route.path.replace(/:[a-z_]+/g, (param) => (param === ':index' ? '0' : uuid));
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const res = await t.http[method](url).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });
});
