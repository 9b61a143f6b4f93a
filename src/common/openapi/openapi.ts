import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorEnvelopeDto } from '../dto/envelope.dto';
import { ERROR_CODES, ErrorCode } from '../http/error-codes';
import { EXAMPLE_IDS } from './examples';
import { ERROR_CODES_EXTENSION, REQUEST_EXAMPLE_EXTENSION, ROLES_EXTENSION } from './operation-docs.decorators';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const SWAGGER_UI_PATH = 'api/docs';

/** The one security scheme: OAuth2 password flow against /api/auth/token; clients send the bearer token it returns. */
export const OAUTH2_SCHEME = 'oauth2';

/** Tags in a newcomer's reading order (Swagger UI keeps the document's order). */
const TAGS: { name: string; description: string }[] = [
  { name: 'auth', description: 'Register, log in (JSON or the OAuth2 password form), refresh, log out' },
  { name: 'users', description: 'The calling user: profile, locale, password, account deletion' },
  { name: 'chat', description: 'Chat sessions, messages with photos, the assistant’s diagnosis' },
  { name: 'chat feedback', description: 'Customers rate their chats' },
  { name: 'dispatch', description: 'Admins send a session to a technician' },
  { name: 'technicians', description: 'Technicians read the sessions dispatched to them and report on visits' },
  { name: 'vlm', description: 'Reading appliance photos without a session' },
  { name: 'analytics', description: 'Quality figures from both feedback streams (admin)' },
  { name: 'admin', description: 'Audit log, user administration, raw feedback exports (admin)' },
  { name: 'metrics', description: 'Prometheus metrics (admin)' },
  { name: 'health', description: 'Liveness and readiness probes (public)' },
];

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Path parameters' examples: the ids the request body examples use too. */
const PATH_EXAMPLES: Record<string, string | number> = {
  session_id: EXAMPLE_IDS.session,
  message_id: EXAMPLE_IDS.message,
  feedback_id: EXAMPLE_IDS.feedback,
  id: EXAMPLE_IDS.user,
  index: 0,
};

type Operation = OperationObject & {
  [ERROR_CODES_EXTENSION]?: ErrorCode[];
  [ROLES_EXTENSION]?: string[];
  [REQUEST_EXAMPLE_EXTENSION]?: Record<string, unknown>;
};

/**
 * The error codes an operation answers with because of its shape: a bearer route can answer the 401s, a
 * role-guarded one 403, a body the body codes, path ids INVALID_ID, query parameters VALIDATION_FAILED, a cursor
 * INVALID_CURSOR; every route but the probes can be rate limited and meet an unmigrated or unreachable database.
 */
function impliedErrorCodes(path: string, operation: Operation): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const roles = operation[ROLES_EXTENSION];
  if (roles !== undefined) {
    codes.push('UNAUTHORIZED', 'TOKEN_EXPIRED', 'SESSION_REVOKED', 'ACCOUNT_DISABLED');
    if (roles.length > 0) {
      codes.push('FORBIDDEN');
    }
  }
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (parameters.some((p) => p.in === 'path' && p.name.endsWith('id'))) {
    codes.push('INVALID_ID');
  }
  if (parameters.some((p) => p.in === 'query' || (p.in === 'path' && !p.name.endsWith('id')))) {
    codes.push('VALIDATION_FAILED');
  }
  if (parameters.some((p) => p.in === 'query' && p.name === 'cursor')) {
    codes.push('INVALID_CURSOR');
  }
  if (operation.requestBody !== undefined) {
    codes.push(
      'VALIDATION_FAILED',
      'MALFORMED_JSON',
      'JSON_TOO_DEEP',
      'INVALID_UTF8',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const probe = path.startsWith('/api/health');
  if (!probe) {
    codes.push('RATE_LIMITED', 'MIGRATIONS_PENDING');
  }
  codes.push('INTERNAL_ERROR');
  if (path !== '/api/health') {
    codes.push('DATABASE_UNAVAILABLE');
  }
  return codes;
}

/** One response per error status, its description listing the codes and one example envelope per code. */
function errorResponses(codes: ErrorCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, ofStatus] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: ofStatus.map((code) => `\`${code}\`: ${ERROR_CODES[code].description}`).join('; '),
      ...(status === 429 || status === 503
        ? {
            headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
          }
        : {}),
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ErrorEnvelopeDto' },
          examples: Object.fromEntries(ofStatus.map((code) => [code, { value: errorExample(code) }])),
        },
      },
    };
  }
  return responses;
}

/** The field errors the examples of the codes that carry them show. */
const EXAMPLE_FIELD_ERRORS: Partial<Record<ErrorCode, { field: string; message: string }[]>> = {
  VALIDATION_FAILED: [{ field: 'title', message: 'title must be shorter than or equal to 255 characters' }],
  INVALID_ID: [{ field: 'session_id', message: 'must be a UUID' }],
  INVALID_CURSOR: [{ field: 'cursor', message: 'is not a cursor of this list' }],
};

/** An error envelope as the server writes it for `code` (its example message; field errors for validation). */
export function errorExample(code: ErrorCode): Record<string, unknown> {
  return {
    status: 'error',
    data: null,
    message: ERROR_CODES[code].example,
    code,
    ...(EXAMPLE_FIELD_ERRORS[code] ? { errors: EXAMPLE_FIELD_ERRORS[code] } : {}),
    request_id: '6f1c2d9e-2b5e-4c1a-9a57-0f8f3e2b1c4d',
  };
}

/**
 * Builds the OpenAPI document. operationIds are the handler names (immich's operationIdFactory), so
 * generated clients get `createSession`, `listSessions`… Every operation documents each error status it can
 * answer with the codes behind it (`@ApiErrors` plus those its shape implies) and one example per code; public
 * operations say so (`security: []`).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Home Appliance VLM Platform API')
    .setDescription(
      'Every JSON response is an envelope `{status, data, message}`; errors add a stable `code` (the enum of ' +
        '`ErrorEnvelopeDto.code`), optional per-field `errors` and the `request_id`. The contract: docs/api.md. ' +
        'Authorize with the password form (email or username and password); the bearer token it returns is sent ' +
        'with every request.',
    )
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/v11/configuring-npm/package-json#license')
    .addServer('/', 'This server')
    .addOAuth2({ type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } } }, OAUTH2_SCHEME)
    .build();
  config.tags = TAGS;
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    autoTagControllers: false,
    extraModels: [ErrorEnvelopeDto],
  });
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of OPERATIONS) {
      const operation = pathItem[method] as Operation | undefined;
      if (operation === undefined) {
        continue;
      }
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'path' && parameter.name in PATH_EXAMPLES) {
          parameter.example ??= PATH_EXAMPLES[parameter.name];
        }
      }
      const codes = [...impliedErrorCodes(path, operation), ...(operation[ERROR_CODES_EXTENSION] ?? [])];
      for (const status of Object.keys(operation.responses)) {
        if (Number(status) >= 400) {
          delete operation.responses[status];
        }
      }
      Object.assign(operation.responses, errorResponses(codes));
      const roles = operation[ROLES_EXTENSION];
      if (roles === undefined) {
        // Public; a public route that reads a bearer token when one is sent (logout) says it is optional.
        operation.security = operation.security === undefined ? [] : [{}, ...operation.security];
      } else if (roles.length > 0) {
        operation.description = [operation.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n');
      }
      const example = operation[REQUEST_EXAMPLE_EXTENSION];
      if (example !== undefined && operation.requestBody !== undefined && 'content' in operation.requestBody) {
        for (const media of Object.values(operation.requestBody.content)) {
          media.example = example;
        }
      }
      delete operation[REQUEST_EXAMPLE_EXTENSION];
      delete operation[ERROR_CODES_EXTENSION];
      delete operation[ROLES_EXTENSION];
    }
  }
  allowNullInNullableEnums(document.components?.schemas ?? {});
  return document;
}

/**
 * OpenAPI 3.0: `nullable` does not widen an `enum`; a nullable enum must list null itself, or strict validators
 * (and generated clients) refuse the nulls the server sends.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(allowNullInNullableEnums);
  } else if (node !== null && typeof node === 'object') {
    const schema = node as { nullable?: boolean; enum?: unknown[] };
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      schema.enum = [...schema.enum, null]; // a copy: the array may be shared with other schemas and the app
    }
    Object.values(node).forEach(allowNullInNullableEnums);
  }
}

/** Recursively sorts object keys so the committed spec diffs cleanly. Arrays keep their order. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => sortKeysDeep(item)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
    ) as T;
  }
  return value;
}

export function setupSwagger(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: undefined,
    customSiteTitle: 'Home Appliance VLM Platform API',
    // The token from the password form survives reloads (kept in the browser's localStorage); tags and
    // operations keep the document's order (no sorter).
    swaggerOptions: { persistAuthorization: true },
  });
}
