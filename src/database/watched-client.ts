import { Client, ClientConfig } from 'pg';

export interface WatchedClientConfig extends ClientConfig {
  /** No answer from the server for this long while a query is outstanding: the connection is dropped. */
  readTimeoutMs: number;
}

/**
 * A node-postgres client with a read timeout that costs nothing per query (`DB_QUERY_TIMEOUT_MS`).
 *
 * node-postgres' own `query_timeout` wraps each query's callback (and arms a timer) and, measured, that
 * alone made every result outlive young-generation collections: the rows of each session read were
 * promoted to the old generation (~2 MB per scavenge under load; none without the wrapper, in a loop of
 * bare pool queries), which cost about a fifth of the CPU of a session read (A/B of two instances: 2.1 →
 * 1.65 ms per GET). Here nothing wraps a query: each connection counts the queries handed to it and the
 * server's ReadyForQuery messages (one per query, errors included), and one unref'd interval per
 * connection (a tenth of the timeout) checks that count. When the server has completed nothing for
 * `readTimeoutMs` while a query is outstanding (a frozen server or network), the socket is destroyed: the
 * queries on it fail with "Connection terminated unexpectedly" (503 DATABASE_UNAVAILABLE) and the pool
 * replaces the connection, which a frozen one would be unfit for anyway.
 */
export class WatchedClient extends Client {
  private outstanding = 0;
  private lastProgressAt = 0;
  private readonly readTimeoutMs: number;
  private readonly watchdog: NodeJS.Timeout;

  constructor(config: WatchedClientConfig) {
    super(config);
    this.readTimeoutMs = config.readTimeoutMs;
    // Registered once connected, so the ReadyForQuery that ends the start-up is not counted.
    this.once('connect', () => this.connection.on('readyForQuery', () => this.progress()));
    this.watchdog = setInterval(() => this.check(), Math.max(50, Math.floor(this.readTimeoutMs / 10)));
    this.watchdog.unref();
    this.once('end', () => clearInterval(this.watchdog));
  }

  // Every overload of Client#query (text or config, values, callback or promise, a Submittable) passes here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    if (this.outstanding === 0) {
      this.lastProgressAt = Date.now();
    }
    this.outstanding += 1;
    return super.query(...(args as [never]));
  }

  private progress(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.lastProgressAt = Date.now();
  }

  private check(): void {
    if (this.outstanding > 0 && Date.now() - this.lastProgressAt > this.readTimeoutMs) {
      this.outstanding = 0;
      this.connection.stream.destroy();
    }
  }
}
