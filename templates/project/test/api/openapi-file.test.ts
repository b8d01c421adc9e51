import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `npm run openapi -- <file>` in the project, as a person or a client generator would. */
function writeOpenApi(file: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'openapi', '--', file], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` });
    });
  });
}

describe('npm run openapi', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the document GET /openapi.json serves, byte for byte, without starting a server', async () => {
    const file = join(dir, 'openapi.json');
    const written = await writeOpenApi(file);
    expect(written.status, written.output).toBe(0);
    expect(written.output).toContain(`Wrote ${file}`);
    const served = await fetch(`${server.url}/openapi.json`);
    expect(served.status).toBe(200);
    expect(readFileSync(file, 'utf8')).toBe(`${await served.text()}\n`);
  }, 60_000);
});
