import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ROLES_KEY } from '../src/common/decorators/auth.decorator';
import { IS_PUBLIC_KEY } from '../src/common/decorators/public.decorator';
import { bootTestApp, TestApp } from './support/test-app';

/** API.md: every route is either @Public() or names who may call it. A new route without a rule fails here. */
describe('Route access rules', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives every route an explicit rule, and anonymous callers 401 on every non-public one', async () => {
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const routes: { method: string; path: string; isPublic: boolean; roles?: string[] }[] = [];
    const wrappers = [...t.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
    for (const wrapper of wrappers) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller || !wrapper.instance) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance) as object)) {
        const handler = (wrapper.instance as Record<string, unknown>)[name] as () => unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) {
          continue;
        }
        const path = `/api/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].filter((p) => p && p !== '/').join('/')}`;
        routes.push({
          method: RequestMethod[method],
          path,
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, controller]) === true,
          roles: reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, controller]),
        });
      }
    }
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
