import { createServer, Server, Socket, connect } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP proxy in front of PostgreSQL for outage tests: `stop()` refuses new connections and cuts open
 * ones (the database "goes away"), `start()` brings it back on the same port; `freeze()` keeps every
 * connection open but forwards nothing (a hung network or server), `thaw()` resumes forwarding.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private frozen = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      const pair = { client, upstream: connect(this.targetPort, this.targetHost) };
      this.pairs.add(pair);
      for (const socket of [pair.client, pair.upstream]) {
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          this.pairs.delete(pair);
          pair.client.destroy();
          pair.upstream.destroy();
        });
      }
      if (!this.frozen) {
        this.forward(pair);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
    return this.port;
  }

  /** Stops forwarding in both directions; connections stay open, bytes wait. */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  thaw(): void {
    this.frozen = false;
    for (const pair of this.pairs) {
      this.forward(pair);
    }
  }

  /** Open client connections (what the app's pool holds through the proxy). */
  get connections(): number {
    return this.pairs.size;
  }

  async stop(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private forward({ client, upstream }: Pair): void {
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    upstream.resume();
  }
}
