import { createMigratedDatabase, newRunId, RUN_ID_VARIABLE, templateDatabase } from './test-database';

const STARTED = Symbol.for('vlm.test-run.started');

/**
 * Names this jest invocation (its workers inherit the variable) and migrates its template database once;
 * every e2e file clones it. A run id left in the caller's environment is replaced: each invocation is its
 * own run. When several projects of one invocation each run this setup, the first one does the work.
 */
export default async function globalSetup(): Promise<void> {
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[STARTED]) {
    return;
  }
  registry[STARTED] = true;
  process.env[RUN_ID_VARIABLE] = newRunId();
  await createMigratedDatabase(templateDatabase());
}
