import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, repoTempDir, runCli } from '../helpers/cli.js';
import { bin, login, startServer, writeSpectralRuleset, type RunningServer } from '../helpers/project.js';

const ALL_TYPES =
  'all-types:s:string,t:text?,i:int,n:number?,b:boolean,e:email,u:url?,id2:uuid,d:datetime,st:enum(draft|sent|paid)';

/** Answer sets; each generated project must typecheck and pass its own suite. */
const VARIANTS: { name: string; args: string[] }[] = [
  { name: 'defaults', args: [] },
  { name: 'every-field-type', args: ['--resource', ALL_TYPES] },
  {
    name: 'several-resources',
    args: [
      '--resource',
      'notes:title:string,body:text?,done:boolean',
      '--resource',
      'line-items:unitPrice:number,quantity:int,sku:string',
      '--resource',
      'contacts:email:email,site:url?,kind:enum(lead|customer)?',
    ],
  },
];

let root: string;
beforeAll(async () => {
  root = await repoTempDir('matrix-');
});
afterAll(async () => {
  if (!process.env.KEEP_GENERATED) await fs.remove(root);
});

async function generate(name: string, args: string[]): Promise<string> {
  const dir = path.join(root, name);
  const result = await runCli([dir, '--yes', '--no-install', '--no-git', ...args]);
  expect(result.exitCode, result.stderr).toBe(0);
  return dir;
}

async function check(cwd: string, command: string, args: string[]) {
  const result = await execa(command, args, { cwd, reject: false, all: true, env: { CI: 'true' } });
  expect(result.exitCode, `${path.basename(command)} ${args.join(' ')} in ${cwd}\n${result.all}`).toBe(0);
  return String(result.all);
}

describe.each(VARIANTS)('generated project: $name', ({ name, args }) => {
  it('typechecks and passes its own test suite', { timeout: 300_000 }, async () => {
    const dir = await generate(name, args);
    await check(dir, bin('tsc'), ['--noEmit']);
    const output = await check(dir, bin('vitest'), ['run']);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/skipped/);
  });
});

describe('a generated server, built and started with npm start', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = await generate('served', ['--resource', 'notes:title:string,body:text?', '--resource', ALL_TYPES]);
    await check(dir, 'npm', ['run', 'build']);
    server = await startServer(dir, ['npm', ['start']]);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('serves health, auth and an owner-scoped resource over real HTTP', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const token = await login(server.url);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/v1/notes`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'hello' }) });
    expect(created.status).toBe(201);
    const list = await fetch(`${server.url}/v1/notes?limit=20`, { headers: auth });
    const body = (await list.json()) as { data: { title: string }[]; nextCursor: string | null };
    expect(body.data.map((n) => n.title)).toEqual(['hello']);
    const other = await login(server.url, `other-${Date.now()}@example.com`);
    const foreign = await fetch(`${server.url}/v1/notes`, { headers: { authorization: `Bearer ${other}` } });
    expect(((await foreign.json()) as { data: unknown[] }).data).toEqual([]);
    expect((await fetch(`${server.url}/v1/notes`)).status).toBe(401);
  });

  it('publishes an OpenAPI document that passes Spectral with the OWASP ruleset, with no error', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/notes', '/v1/all-types/{id}', '/auth/login']));
    const file = path.join(dir, 'openapi.json');
    await fs.writeJson(file, doc);
    const ruleset = await writeSpectralRuleset(dir);
    const lint = await execa(bin('spectral'), ['lint', file, '--ruleset', ruleset, '--format', 'json', '--fail-severity', 'error', '--quiet'], {
      cwd: repoRoot,
      reject: false,
    });
    const results = JSON.parse(lint.stdout || '[]') as { severity: number; code: string; message: string; path: string[] }[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(errors).toEqual([]);
  });

  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    const code = await server.stop();
    expect(code).toBe(0);
  });
});
