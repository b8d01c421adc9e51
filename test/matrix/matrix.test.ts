import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairwise, projectFactors, rowFlags, rowName } from '../helpers/covering.js';
import { repoRoot, repoTempDir, runCli, snapshotTree } from '../helpers/cli.js';
import { bin, login, startServer, writeSpectralRuleset, type RunningServer } from '../helpers/project.js';

const ALL_TYPES =
  'all-types:s:string,t:text?,i:int,n:number?,b:boolean,e:email,u:url?,id2:uuid,d:datetime,st:enum(draft|sent|paid)';
const DAY_ONE = [
  '--resource',
  ALL_TYPES,
  '--resource',
  'notes:title:string,body:text?,done:boolean',
  '--resource',
  'line-items:unitPrice:number,quantity:int,sku:string',
];
const GROWN = ['invoices:amount:number,paidAt:datetime?,status:enum(draft|sent|paid)', 'contacts:email:email,site:url?'];

/** A hand-written, unauthenticated route in each framework's idiom, placed in the adapter. */
const PLANTED_ROUTE: Record<string, string> = {
  fastify: "  app.get('/v1/stats', async () => ({ users: 1 }));",
  express: "  router.get('/v1/stats', (_req, res) => { res.json({ users: 1 }); });",
  hono: "  app.get('/v1/stats', (c) => c.json({ users: 1 }));",
};

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

async function run(cwd: string, command: string, args: string[]) {
  return execa(command, args, { cwd, reject: false, all: true, env: { CI: 'true', NO_COLOR: '1' } });
}

async function check(cwd: string, command: string, args: string[]) {
  const result = await run(cwd, command, args);
  expect(result.exitCode, `${path.basename(command)} ${args.join(' ')} in ${cwd}\n${result.all}`).toBe(0);
  return String(result.all);
}

async function typecheckAndTest(dir: string) {
  await check(dir, bin('tsc'), ['--noEmit']);
  const output = await check(dir, bin('vitest'), ['run']);
  expect(output).toMatch(/Tests\s+\d+ passed/);
  expect(output).not.toMatch(/skipped|todo/);
}

/**
 * The rows of the matrix: every pair of offered option values at least once (so every value
 * with every framework), not the full product of the options (test/helpers/covering.ts).
 */
const ROWS = pairwise(projectFactors());

describe.each(ROWS.map((row) => [rowName(row), row] as const))('%s', (name, row) => {
  const framework = row.framework as string;
  const flags = rowFlags(row);
  it('day one: several resources covering every field type typecheck and pass the generated suite', { timeout: 400_000 }, async () => {
    const dir = await generate(`${name}-day-one`, [...flags, ...DAY_ONE]);
    await typecheckAndTest(dir);
  });

  it('grows by npm run gen: two resources added, a user edit kept, a repeat refused byte for byte, suite green', { timeout: 400_000 }, async () => {
    const dir = await generate(`${name}-grown`, flags);
    const notesSchema = path.join(dir, 'src/resources/notes/schema.ts');
    const edit = '\n// team note: keep this line\n';
    await fs.appendFile(notesSchema, edit);

    const dry = await check(dir, 'npm', ['run', 'gen', '--', 'resource', GROWN[0] as string, '--dry-run']);
    expect(dry).toContain('src/resources/invoices/index.ts');
    expect(await fs.pathExists(path.join(dir, 'src/resources/invoices'))).toBe(false);

    for (const spec of GROWN) await check(dir, 'npm', ['run', 'gen', '--', 'resource', spec]);
    expect(await fs.readFile(notesSchema, 'utf8')).toContain(edit);
    const settings = (await fs.readJson(path.join(dir, 'secure-api.json'))) as { resources: string[] };
    expect(settings.resources).toEqual(['notes:title:string,body:text?', ...GROWN]);

    const before = await snapshotTree(path.join(dir, 'src'));
    const again = await run(dir, 'npm', ['run', 'gen', '--', 'resource', 'invoices:total:int']);
    expect(again.exitCode).not.toBe(0);
    expect(again.all).toContain('resource "invoices" already exists');
    const bad = await run(dir, 'npm', ['run', 'gen', '--', 'resource', 'ledger:amount:money']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toContain('unknown type "money"');
    expect(await snapshotTree(path.join(dir, 'src'))).toEqual(before);

    const registry = await fs.readFile(path.join(dir, 'src/resources/index.ts'), 'utf8');
    expect(registry.match(/import \{ invoicesResource \}/g)).toHaveLength(1);
    await typecheckAndTest(dir);

    // SEC-A4: a route registered on the framework by hand, beside the declared operations, fails the served-routes test.
    const adapter = path.join(dir, 'src/http/adapter.ts');
    const original = await fs.readFile(adapter, 'utf8');
    const mountLine = original.split('\n').find((line) => line.includes('for (const operation of operations)'));
    expect(mountLine).toBeDefined();
    await fs.writeFile(adapter, original.replace(mountLine as string, `${PLANTED_ROUTE[framework] as string}\n${mountLine as string}`));
    const planted = await run(dir, bin('vitest'), ['run', 'test/security/served-routes.test.ts']);
    expect(planted.exitCode).not.toBe(0);
    expect(planted.all).toContain('GET /v1/stats');
    await fs.writeFile(adapter, original);
  });

  describe('built and started with npm start', () => {
    let server: RunningServer;
    let dir: string;
    beforeAll(async () => {
      dir = await generate(`${name}-served`, [...flags, '--resource', 'notes:title:string,body:text?', '--resource', ALL_TYPES]);
      await check(dir, 'npm', ['run', 'build']);
      const pkg = (await fs.readJson(path.join(dir, 'package.json'))) as { scripts: Record<string, string> };
      expect(pkg.scripts.start).toBe('node dist/server.js');
      // the command `npm start` runs, started directly so the signal test sees the server's own exit code
      server = await startServer(dir, ['node', ['dist/server.js']]);
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('serves health, auth and an owner-scoped resource over real HTTP', async () => {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(health.headers.get('x-powered-by')).toBeNull();
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
      const anonymous = await fetch(`${server.url}/v1/notes`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('publishes an OpenAPI 3.1 document that passes Spectral with the OWASP ruleset, with no error', async () => {
      const res = await fetch(`${server.url}/openapi.json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\.1/);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/notes', '/v1/all-types/{id}', '/auth/login']));
      const file = path.join(dir, 'openapi.json');
      await fs.writeJson(file, doc);
      const ruleset = await writeSpectralRuleset(dir);
      const lint = await execa(bin('spectral'), ['lint', file, '--ruleset', ruleset, '--format', 'json', '--quiet'], {
        cwd: repoRoot,
        reject: false,
      });
      const results = JSON.parse(lint.stdout || '[]') as { severity: number; code: string; message: string; path: string[] }[];
      const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
      expect(errors).toEqual([]);
    });

    it('shuts down gracefully on SIGTERM with exit code 0', async () => {
      expect(await server.stop()).toBe(0);
    });
  });
});
