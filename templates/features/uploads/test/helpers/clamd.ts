import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EICAR } from './uploads.js';

/** How the fake clamd answers an INSTREAM scan. */
export type FakeClamdMode = 'scan' | 'hang' | 'size-limit' | 'empty' | 'garbage';

export interface FakeClamd {
  /** tcp://127.0.0.1:<port>, for CLAMAV_URL. */
  readonly url: string;
  mode: FakeClamdMode;
  /** How many bytes of file data the last scans received, in order. */
  readonly received: number[];
  close(): Promise<void>;
}

/**
 * A tiny clamd speaking INSTREAM on 127.0.0.1: in `scan` mode it answers `stream: OK`, or
 * `FOUND` when the bytes hold the EICAR string; the other modes hang, refuse with the
 * size-limit error, close without a word, or answer nonsense.
 */
export async function startFakeClamd(): Promise<FakeClamd> {
  const received: number[] = [];
  const sockets = new Set<net.Socket>();
  const state = { mode: 'scan' as FakeClamdMode };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    const data: Buffer[] = [];
    let size = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end === -1) return;
        if (buffer.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        buffer = buffer.subarray(end + 1);
        commandRead = true;
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          received.push(size);
          const bytes = Buffer.concat(data);
          switch (state.mode) {
            case 'scan':
              return void socket.end(bytes.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
            case 'hang':
              return;
            case 'size-limit':
              return void socket.end('INSTREAM size limit exceeded. ERROR\0');
            case 'empty':
              return void socket.end();
            case 'garbage':
              return void socket.end('stream: maybe\0');
          }
        }
        if (buffer.length < 4 + length) return;
        data.push(buffer.subarray(4, 4 + length));
        size += length;
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `tcp://127.0.0.1:${address.port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: FakeClamdMode) {
      state.mode = mode;
    },
    received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port on 127.0.0.1 with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RealClamd {
  readonly url: string;
  close(): Promise<void>;
}

const CLAMD_PATHS = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'];

function findClamd(): string | undefined {
  return CLAMD_PATHS.find((candidate) => spawnSync(candidate, ['--version']).status === 0);
}

/**
 * The real clamd (Debian's clamav-daemon), started on 127.0.0.1 with a one-line database
 * that knows the EICAR test file: no signature download. Undefined when clamd is not
 * installed (`apt-get install -y --no-install-recommends clamav-daemon`).
 */
export async function startRealClamd(): Promise<RealClamd | undefined> {
  const binary = findClamd();
  if (binary === undefined) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clamd-'));
  const port = await closedPort();
  writeFileSync(path.join(dir, 'local.ndb'), `Local.Test.EICAR:0:*:${EICAR.toString('hex')}\n`);
  const config = [
    'Foreground yes',
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `DatabaseDirectory ${dir}`,
    `LogFile ${path.join(dir, 'clamd.log')}`,
    ...(process.getuid?.() === 0 ? ['User root'] : []),
  ].join('\n');
  writeFileSync(path.join(dir, 'clamd.conf'), `${config}\n`);
  const child: ChildProcess = spawn(binary, ['--config-file', path.join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end('zPING\0');
      });
      socket.on('data', (reply) => resolve(reply.toString().startsWith('PONG')));
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error('clamd did not start (see its log in the temp folder)');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `tcp://127.0.0.1:${port}`,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
