import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../dto/envelope.dto';

export const OPENAPI_JSON_PATH = 'api/openapi.json';
export const SWAGGER_UI_PATH = 'api/docs';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Validation failed, malformed JSON or bad parameter',
  '429': 'Rate limited (see Retry-After)',
  '500': 'Unexpected error (generic message and request id)',
  '503': 'A dependency is down or the server is draining (see Retry-After)',
};

/**
 * Builds the OpenAPI document. operationIds are the handler names (immich's operationIdFactory), so
 * generated clients get `createSession`, `listSessions`… Every operation also documents the error
 * envelope for the statuses any route can answer.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Home Appliance VLM Platform API')
    .setDescription(
      'Every JSON response is an envelope `{status, data, message}`; errors add a stable `code`, ' +
        'optional per-field `errors` and the `request_id`. See the README for the conventions.',
    )
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addOAuth2({ type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } } }, 'oauth2')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    extraModels: [ErrorEnvelopeDto],
  });
  const errorSchema = { $ref: '#/components/schemas/ErrorEnvelopeDto' };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) {
        continue;
      }
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        operation.responses[status] ??= { description, content: { 'application/json': { schema: errorSchema } } };
      }
    }
  }
  return document;
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
    swaggerOptions: { persistAuthorization: true },
  });
}
