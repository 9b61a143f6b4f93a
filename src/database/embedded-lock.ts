import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * PGlite keeps its data directory open in one process only. The server takes this lock; the CLI
 * (migrations, seeds, key rotation) refuses to open the embedded database while the server holds it.
 */
export class EmbeddedDatabaseLock {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dirname(dataDir), `${dataDir.split(/[\\/]/).pop() ?? 'pglite'}.lock`);
  }

  holder(): number | undefined {
    if (!existsSync(this.file)) {
      return undefined;
    }
    const pid = Number(readFileSync(this.file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) {
      return undefined;
    }
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined; // stale lock from a process that died
    }
  }

  /** Why a command-line tool must not open the database now (the server holds it), or undefined. */
  refusal(): string | undefined {
    const pid = this.holder();
    return pid === undefined
      ? undefined
      : `The embedded database is in use by the server (process ${pid}): stop the server first.`;
  }

  acquire(): void {
    const pid = this.holder();
    if (pid !== undefined) {
      throw new Error(
        `The embedded database in ${dirname(this.file)} is in use by process ${pid}: stop it first, or set DATABASE_URL`,
      );
    }
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${process.pid}\n`);
  }

  release(): void {
    if (existsSync(this.file) && readFileSync(this.file, 'utf8').trim() === String(process.pid)) {
      rmSync(this.file, { force: true });
    }
  }
}
