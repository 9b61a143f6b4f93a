import { createMigratedDatabase, TEMPLATE_DATABASE } from './test-database';

/** Migrates the template database once per run; every e2e file clones it. */
export default async function globalSetup(): Promise<void> {
  await createMigratedDatabase(TEMPLATE_DATABASE);
}
