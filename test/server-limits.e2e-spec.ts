import { AddressInfo, connect, Socket } from 'node:net';
import { request } from 'node:http';
import { Logger } from '@nestjs/common';
import { bootTestApp, TestApp } from './support/test-app';

const opened: Socket[] = [];

/** A raw socket from `localAddress` to the app; resolves once connected. Destroyed after the file at the latest. */
function openSocket(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
    opened.push(socket);
    socket.once('error', reject);
  });
}

/** Everything the server writes until it closes the socket (or `withinMs` passes: then null). */
function readUntilClosed(socket: Socket, withinMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(null), withinMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.once('error', () => undefined);
  });
}

function health(port: number, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, localAddress, path: '/api/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * HTTP server limits (issue 15): slow bodies time out, idle keep-alive connections close, and one client
 * address cannot hold every connection.
 */
describe('HTTP server limits', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await bootTestApp({
      env: {
        HTTP_REQUEST_TIMEOUT_MS: '1500',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '700',
        HTTP_MAX_CONNECTIONS_PER_IP: '5',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    opened.forEach((socket) => socket.destroy());
    for (const name of [
      'HTTP_REQUEST_TIMEOUT_MS',
      'HTTP_HEADERS_TIMEOUT_MS',
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      'HTTP_MAX_CONNECTIONS_PER_IP',
    ]) {
      delete process.env[name];
    }
    await t.close();
  });

  it('answers a body that never finishes arriving with 408 and closes the socket', async () => {
    const socket = await openSocket(port);
    const answer = readUntilClosed(socket, 10_000);
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    const text = await answer;
    expect(text).not.toBeNull();
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('closes headers that never finish arriving', async () => {
    const socket = await openSocket(port);
    const answer = readUntilClosed(socket, 10_000);
    socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(await answer).not.toBeNull();
  });

  it('closes an idle keep-alive connection', async () => {
    const socket = await openSocket(port);
    const closed = readUntilClosed(socket, 10_000);
    socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
    const text = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('logs a client that aborts mid-body as such, not as a database outage', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    const warned = jest.spyOn(Logger.prototype, 'warn');
    try {
      const socket = await openSocket(port);
      socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
      );
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 300));
      expect(warned.mock.calls.map((call) => String(call[0]))).not.toContainEqual(
        expect.stringMatching(/Database unavailable/),
      );
      expect(logged.mock.calls.map((call) => String(call[0]))).toContainEqual(
        expect.stringMatching(/^Client closed the connection before the response: POST \/api\/auth\/login/),
      );
    } finally {
      logged.mockRestore();
      warned.mockRestore();
    }
  });

  it('caps open connections per client address with 429, while another address is served', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => openSocket(port, '127.0.0.2')));
    const extra = await openSocket(port, '127.0.0.2');
    const refused = await readUntilClosed(extra, 5000);
    expect(refused).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused).toContain('"code":"TOO_MANY_CONNECTIONS"');
    expect(refused).toMatch(/retry-after: 1/i);
    expect(refused).toMatch(/x-content-type-options: nosniff/i);

    expect(await health(port, '127.0.0.3')).toBe(200);

    // Closing the held ones frees the address's share again.
    await Promise.all(
      held.map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.destroy();
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await health(port, '127.0.0.2')).toBe(200);
  });
});
