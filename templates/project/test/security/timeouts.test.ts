import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { findOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Opens a raw connection; resolves with what the server sent once it closes the connection. */
function slowClient(url: string, start: string, drip: string): { closed: Promise<string>; stop: () => void } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  socket.setEncoding('utf8');
  let received = '';
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.write(start);
  const timer = setInterval(() => socket.writable && socket.write(drip), 100);
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('SEC-E2 timeouts against slow clients', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ HEADERS_TIMEOUT: '500ms', REQUEST_TIMEOUT: '1s' });
  });
  afterAll(() => server.close());

  it('cuts off a client that sends its headers slowly, and keeps answering others meanwhile', async () => {
    const client = slowClient(server.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: 1\r\n');
    try {
      for (let i = 0; i < 3; i += 1) {
        expect((await request(server.url, 'GET', '/health')).status).toBe(200);
      }
      const answer = await within(3_000, client.closed);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      client.stop();
    }
  });

  it('cuts off a client that sends its body slowly', async () => {
    const route = findOperation('route with a JSON body', (operation) => operation.body.kind === 'json');
    const client = slowClient(
      server.url,
      `${route.method} ${route.path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"a":"`,
      'x',
    );
    try {
      expect((await request(server.url, 'GET', '/health')).status).toBe(200);
      await within(4_000, client.closed);
    } finally {
      client.stop();
    }
  });
});
