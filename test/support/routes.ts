import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROLES_KEY } from '../../src/common/decorators/auth.decorator';
import { IS_PUBLIC_KEY } from '../../src/common/decorators/public.decorator';

export interface RouteInfo {
  /** "GET", "POST"... */
  method: string;
  /** "/api/chat/sessions/:session_id" */
  path: string;
  isPublic: boolean;
  roles?: string[];
}

/** Every route the application registered, read from its controllers' metadata (the route table). */
export function routeTable(app: NestFastifyApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  const wrappers = [...app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
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
      const path = `/api/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')]
        .filter((p) => p && p !== '/')
        .join('/')}`;
      routes.push({
        method: RequestMethod[method],
        path,
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, controller]) === true,
        roles: reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, controller]),
      });
    }
  }
  return routes;
}
