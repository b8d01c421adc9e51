import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/core/security-headers.js';
import { findOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Connection {
  readonly socket: net.Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves with everything received once the server closes the connection. */
  readonly closed: Promise<string>;
}

/** A raw TCP connection to the server, for what no HTTP client sends. */
function connect(url: string): Connection {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  return { socket, received: () => text, closed };
}

async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const until = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** Status line, lower-cased headers and body of one raw HTTP response. */
function parse(raw: string): { statusLine: string; headers: Record<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { statusLine, headers, body: raw.slice(end + 4) };
}

function expectSecureProblem(raw: string, status: number): void {
  const { statusLine, headers, body } = parse(raw);
  expect(statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], name).toBe(value);
  expect(headers['content-type']).toContain('application/problem+json');
  expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(body)).toMatchObject({ status, requestId: headers['x-request-id'] });
}

describe('answers Node gives before any route, and connections that make no progress', () => {
  let server: TestServer;
  const bodyRoute = findOperation('route with a JSON body', (operation) => operation.body.kind === 'json');

  beforeAll(async () => {
    server = await startTestServer({ HEADERS_TIMEOUT: '500ms', REQUEST_TIMEOUT: '1s', BODY_LIMIT: '2kb' });
  });
  afterAll(() => server.close());

  it('answers headers over the size limit with 431, the security headers and a problem', async () => {
    const connection = connect(server.url);
    connection.socket.write(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectSecureProblem(await within(3_000, connection.closed), 431);
  });

  it('answers a request Node cannot parse with 400, the security headers and a problem', async () => {
    const connection = connect(server.url);
    connection.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n');
    expectSecureProblem(await within(3_000, connection.closed), 400);
  });

  it('answers Expect: 100-continue with 413 before any 100 Continue when the declared body is over BODY_LIMIT', async () => {
    const connection = connect(server.url);
    connection.socket.write(
      `${bodyRoute.method} ${bodyRoute.path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${100 * 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`,
    );
    const raw = await within(3_000, connection.closed);
    expect(raw).not.toContain('100 Continue');
    expectSecureProblem(raw, 413);
  });

  it('sends 100 Continue for a body within BODY_LIMIT and then answers the request', async () => {
    const connection = connect(server.url);
    const body = '{"a": 1}';
    connection.socket.write(
      `${bodyRoute.method} ${bodyRoute.path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    await within(
      3_000,
      until(() => connection.received().includes('\r\n\r\n'), 3_000),
    );
    expect(connection.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    connection.socket.write(body);
    const raw = await within(3_000, connection.closed);
    const final = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    expect(final).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(parse(final).headers['x-content-type-options']).toBe('nosniff');
  });

  it('closes a connection whose client stops reading the responses it asked for', async () => {
    const size = (await fetch(`${server.url}/openapi.json`).then((response) => response.arrayBuffer())).byteLength;
    // More than the socket buffers of both ends hold (a few MiB on loopback).
    const requests = Math.ceil((10 * 1024 * 1024) / size);
    const connection = connect(server.url);
    connection.socket.pause();
    connection.socket.write('GET /openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n'.repeat(requests));
    // Once the buffers are full the server cannot write and makes no progress; REQUEST_TIMEOUT is 1s.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    connection.socket.resume();
    const raw = await within(8_000, connection.closed);
    expect(raw.split('HTTP/1.1 200 ').length - 1).toBeLessThan(requests);
  }, 20_000);
});
