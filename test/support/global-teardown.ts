import { dropRunDatabases, RUN_ID_VARIABLE } from './test-database';

/** Drops this run's template and whatever database of this run a failed file left behind. */
export default async function globalTeardown(): Promise<void> {
  if (process.env[RUN_ID_VARIABLE] === undefined) {
    return;
  }
  await dropRunDatabases();
  delete process.env[RUN_ID_VARIABLE];
}
