import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Node's arguments that start a server: the sources through tsx, or the built dist/server.js. */
export type ServerCommand = readonly string[];

/** The server from its sources, as `npm run dev` runs it. */
const SOURCE_SERVER: ServerCommand = ['--import', TSX, SERVER];

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * Runs the server (src/server.ts unless `command` says otherwise) in a child process with
 * exactly `env` (nothing inherited), from an empty working directory so no .env file is read.
 */
export function spawnServer(env: Record<string, string>, command: ServerCommand = SOURCE_SERVER): ServerProcess {
  const child = spawn(process.execPath, [...command], {
    cwd: mkdtempSync(join(tmpdir(), 'server-')),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the listening address the server logs at start-up. */
export async function listeningAddress(server: ServerProcess, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of server.stdout().split('\n')) {
      if (line.includes('"listening"')) return (JSON.parse(line) as { address: string }).address;
    }
    if (server.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start:\n${server.stderr()}`);
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the project's commands (src/cli/<name>.ts, what its npm script runs) with
 * exactly `env`, in `cwd`. Asynchronous, so an in-process test server keeps answering while
 * the command runs.
 */
export function runCommand(
  name: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Record<string, string> },
): Promise<CommandResult> {
  const command = fileURLToPath(new URL(`../../src/cli/${name}.ts`, import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, command, ...args], options, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}
