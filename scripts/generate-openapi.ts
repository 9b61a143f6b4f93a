/**
 * Writes the OpenAPI contract to openapi.json (keys sorted, so it diffs cleanly). Run from the build
 * (`npm run openapi:generate`): the Swagger CLI plugin only runs in `nest build`, not under ts-jest.
 * The app is created but not initialized: no database is opened and nothing listens.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.env.LOG_LEVEL = 'silent';
// Throw-away keys: documents do not depend on secrets, and nothing is written under DATA_DIR.
process.env.JWT_SECRET_KEY ||= randomBytes(32).toString('hex');
process.env.ENCRYPTION_KEY ||= randomBytes(32).toString('base64url') + '=';

async function main(): Promise<void> {
  const { createApp } = await import('../src/app.factory');
  const { buildOpenApiDocument, sortKeysDeep } = await import('../src/common/openapi/openapi');
  const app = await createApp({ swagger: false });
  const document = sortKeysDeep(buildOpenApiDocument(app));
  document.info.version = '0.1.0';
  const target = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
  await app.close();
  console.log(`Wrote ${target} (${Object.keys(document.paths).length} paths)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
