import { execa, type ResultPromise } from 'execa';
import fs from 'fs-extra';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { cliPath, repoRoot } from './cli.js';

export const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);

/**
 * A generated project in `dir` (CLI flags `flags`, no install, no git), type-checked and
 * built into `dist/` with the repository's TypeScript; fails the test with the tool's output
 * at the first step that does not exit 0.
 */
export async function generateBuiltProject(dir: string, flags: readonly string[]): Promise<void> {
  const steps: [string, string[], string | undefined][] = [
    ['node', [cliPath, dir, '--yes', '--no-install', '--no-git', ...flags], undefined],
    [bin('tsc'), ['--noEmit'], dir],
    [bin('tsc'), ['-p', 'tsconfig.build.json'], dir],
  ];
  for (const [command, args, cwd] of steps) {
    const result = await execa(command, args, { cwd, all: true, reject: false });
    if (result.exitCode !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.exitCode}\n${result.all}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The Postgres that generated projects use here (their tests read the same variable). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function onTestPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The environment a generated project's server needs for its database (`db` answer): nothing
 * for SQLite (its .env names a file in the project), for Postgres a DATABASE_URL naming an
 * empty schema of TEST_DATABASE_URL's database, which `drop` removes.
 */
export async function serverDatabase(db: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (db !== 'postgres') return { env: {}, drop: async () => undefined };
  const schema = `matrix_${randomUUID().replaceAll('-', '')}`;
  await onTestPostgres(`CREATE SCHEMA "${schema}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { env: { DATABASE_URL: url.href }, drop: () => onTestPostgres(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

export interface RunningServer {
  url: string;
  process: ResultPromise;
  output: () => string;
  stop: () => Promise<number | undefined>;
}

/** Starts a generated project's server with `<pm> start` and waits for /health. */
export async function startServer(cwd: string, command: [string, string[]], env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  let output = '';
  const child = execa(command[0], command[1], {
    cwd,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    reject: false,
    all: true,
    buffer: false,
    detached: true,
  });
  child.all?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    output: () => output,
    /** Sends SIGTERM to the whole process group (npm does not forward signals to its script). */
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      const result = await child;
      return result.exitCode;
    },
  };
}

/** Registers a user, logs in, and returns the access token. */
export async function login(url: string, email = `user-${Date.now()}@example.com`): Promise<string> {
  const password = 'correct horse battery staple';
  const reg = await fetch(`${url}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'Test User' }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string };
  return body.accessToken;
}

/**
 * Creates a key with a generated `api-key` project's own command (`npm run keys -- create`,
 * run with tsx from this repository's node_modules) and returns the key it printed once.
 * `scopes` is a comma list such as `notes:read,notes:write`.
 */
export async function apiKeyFor(dir: string, email: string, scopes: string, env: Record<string, string> = {}): Promise<string> {
  const result = await execa(bin('tsx'), ['src/cli/keys.ts', 'create', '--owner', email, '--scopes', scopes], {
    cwd: dir,
    env,
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`keys create: exit ${result.exitCode}\n${result.stderr}`);
  const settings = JSON.parse(await fs.readFile(path.join(dir, 'secure-api.json'), 'utf8')) as { apiKeyPrefix?: string };
  const key = new RegExp(`^${settings.apiKeyPrefix ?? '[a-z0-9]{2,10}'}_[0-9A-Za-z]{61}$`, 'm').exec(result.stdout)?.[0];
  if (key === undefined) throw new Error(`keys create printed no key:\n${result.stdout}`);
  return key;
}
