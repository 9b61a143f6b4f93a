import { Server } from 'node:http';
import { Socket } from 'node:net';
import { endWithError } from './client-error';

export interface ConnectionLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** 0: no cap per client address (behind a reverse proxy every connection comes from the proxy). */
  maxConnectionsPerIp: number;
}

const RETRY_AFTER_SECONDS = 1;

/**
 * Bounds what slow or numerous connections can hold: a request must arrive whole within
 * `requestTimeoutMs` (its headers within `headersTimeoutMs`; else 408), idle keep-alive connections close
 * after `keepAliveTimeoutMs`, and open connections are capped in total (Node refuses the rest) and per
 * client address (429 TOO_MANY_CONNECTIONS), so one client's thousands of slow sockets cannot use up the
 * process's file descriptors and lock everyone else out.
 */
export function installConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node checks both timeouts on this interval; the default (30 s) would let a 10 s limit run to 40 s.
  (server as Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(
    1000,
    limits.headersTimeoutMs,
  );
  server.maxConnections = limits.maxConnections;
  if (limits.maxConnectionsPerIp === 0) {
    return;
  }
  const open = new Map<string, number>();
  // The HTTP server's own connection handling runs only for sockets under the cap: a refused socket gets
  // its 429 and is never parsed.
  const accept = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerIp) {
      // Written before anything is read: the request is never parsed.
      endWithError(
        socket,
        429,
        { code: 'TOO_MANY_CONNECTIONS', message: 'Too many open connections from your address: close some and retry' },
        RETRY_AFTER_SECONDS,
      );
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) {
        open.delete(address);
      } else {
        open.set(address, left);
      }
    });
    for (const listener of accept) {
      listener.call(server, socket);
    }
  });
}
