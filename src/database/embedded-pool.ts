import { PGliteOptions } from '@electric-sql/pglite';
import { PGliteDriver } from 'typeorm-pglite';

type PoolCallback = (error: Error | null, connection: unknown, release: () => void) => void;

/**
 * PGlite has a single session, so TypeORM's "connections" must not interleave: two concurrent
 * transactions on one session would mix their statements. This pool hands the session to one query
 * runner at a time and queues the others until it is released, like a pg pool of size one.
 */
export function createSerializedPGliteDriver(options: PGliteOptions): object {
  const base = new PGliteDriver(options).driver as unknown as { Pool: new () => BasePool };

  interface BasePool {
    connect(callback: PoolCallback): Promise<void>;
  }

  class SerializedPGlitePool extends base.Pool {
    private tail: Promise<void> = Promise.resolve();

    override connect(callback: PoolCallback): Promise<void> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const previous = this.tail;
      this.tail = previous.then(() => turn);
      return previous.then(() =>
        super.connect((error, connection) => {
          let released = false;
          const done = (): void => {
            if (!released) {
              released = true;
              release();
            }
          };
          if (error) {
            done();
          }
          callback(error, connection, done);
        }),
      );
    }
  }

  return { Pool: SerializedPGlitePool };
}
