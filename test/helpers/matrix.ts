// The covering matrix of generated projects, shared by one test file per framework.
import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixRows, rowFlags, rowName, type Row } from './covering.js';
import { repoTempDir, runCli, snapshotTree } from './cli.js';
import { startRealIssuer as startIssuer, type RealIssuer } from './oidc-provider.js';
import { apiKeyFor, bin, login, serverDatabase, startServer, type RunningServer } from './project.js';

const ALL_TYPES = 'all-types:s:string,t:text?,i:int,n:number?,b:boolean,e:email,u:url?,id2:uuid,d:datetime,st:enum(draft|sent|paid)';
const DAY_ONE = [
  '--resource',
  'notes:title:string,body:text?,done:boolean',
  '--resource',
  ALL_TYPES,
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

async function generate(root: string, name: string, args: string[]): Promise<string> {
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

/**
 * The rows of the matrix: every pair of offered option values at least once (so every value
 * with every framework), not the full product of the options, and one row per framework with
 * every feature on (covering.ts).
 */
export const MATRIX_ROWS = matrixRows();

/** Every scope of the served project's resources. */
const SCOPES = ['notes', 'all-types', 'line-items', 'invoices', 'contacts'].map((name) => `${name}:write`).join(' ');

/** What a served project of the row needs around it: an empty Postgres schema, an OpenID provider for `oidc`. */
interface Surroundings {
  readonly env: Record<string, string>;
  readonly issuer?: RealIssuer;
  release(): Promise<void>;
}

async function surroundings(row: Row): Promise<Surroundings> {
  const database = await serverDatabase(row.db as string);
  const issuer = row.auth === 'oidc' ? await startIssuer() : undefined;
  return {
    env: { ...database.env, ...issuer?.env },
    issuer,
    async release() {
      await issuer?.close();
      await database.drop();
    },
  };
}

/** A bearer credential for a new user of the project in `dir` served at `url`, for the row's auth style. */
async function signIn(row: Row, around: Surroundings, dir: string, url: string, email: string): Promise<string> {
  switch (row.auth) {
    case 'api-key':
      return apiKeyFor(dir, email, SCOPES.replaceAll(' ', ','), around.env);
    case 'jwt':
    case 'jwt+api-key':
      return login(url, email);
    case 'oidc':
      return (around.issuer as RealIssuer).token(email.replace(/[^a-z0-9-]/g, '-'), SCOPES);
    default:
      throw new Error(`the matrix cannot sign in with auth ${String(row.auth)}`);
  }
}

/**
 * One generated project per row, taken the whole way: several resources covering every field
 * type on day one, two more added by `npm run gen`, its own typecheck and suite, a hand-written
 * route caught, then built and started with `npm start` and called over real HTTP.
 * Rows are spread over one test file per framework, so one framework's rows can be run alone
 * (`npx vitest run test/matrix/hono.test.ts`).
 */
export function describeMatrixRows(framework: string): void {
  const rows = MATRIX_ROWS.filter((row) => row.framework === framework);
  let root: string;
  beforeAll(async () => {
    root = await repoTempDir(`matrix-${framework}-`);
  });
  afterAll(async () => {
    if (!process.env.KEEP_GENERATED) await fs.remove(root);
  });

  it('has rows', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  describe.each(rows.map((row) => [rowName(row), row] as const))('%s', (name, row) => {
    const flags = rowFlags(row);
    let dir: string;

    it('day one with every field type, grown by npm run gen (a user edit kept, a repeat refused byte for byte): lint, typecheck and suite green', {
      timeout: 600_000,
    }, async () => {
      dir = await generate(root, name, [...flags, ...DAY_ONE]);
      const notesSchema = path.join(dir, 'src/resources/notes/schema.ts');
      const edit = '\n// team note: keep this line\n';
      await fs.appendFile(notesSchema, edit);

      const dry = await check(dir, 'npm', ['run', 'gen', '--', 'resource', GROWN[0] as string, '--dry-run']);
      expect(dry).toContain('src/resources/invoices/index.ts');
      expect(await fs.pathExists(path.join(dir, 'src/resources/invoices'))).toBe(false);

      for (const spec of GROWN) await check(dir, 'npm', ['run', 'gen', '--', 'resource', spec]);
      expect(await fs.readFile(notesSchema, 'utf8')).toContain(edit);
      const settings = (await fs.readJson(path.join(dir, 'secure-api.json'))) as { resources: string[] };
      expect(settings.resources).toEqual([...DAY_ONE.filter((arg) => arg !== '--resource'), ...GROWN]);

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

      await check(dir, 'npm', ['run', 'lint']);
      await check(dir, bin('tsc'), ['--noEmit']);
      const output = await check(dir, bin('vitest'), ['run']);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).not.toMatch(/skipped|todo/);

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
      let server: RunningServer | undefined;
      let around: Surroundings | undefined;
      beforeAll(async () => {
        expect(dir, 'the project of this row was generated').toBeDefined();
        await check(dir, 'npm', ['run', 'build']);
        const pkg = (await fs.readJson(path.join(dir, 'package.json'))) as { scripts: Record<string, string> };
        expect(pkg.scripts.start).toBe('node dist/server.js');
        // the command `npm start` runs, started directly so the signal test sees the server's own exit code
        around = await surroundings(row);
        server = await startServer(dir, ['node', ['dist/server.js']], around.env);
      }, 180_000);
      afterAll(async () => {
        await server?.stop();
        await around?.release();
      });

      it('serves health, sign-in and an owner-scoped resource over real HTTP, and its OpenAPI document', async () => {
        const url = (server as RunningServer).url;
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok' });
        expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(health.headers.get('x-powered-by')).toBeNull();
        const token = await signIn(row, around as Surroundings, dir, url, `owner-${Date.now()}@example.com`);
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const created = await fetch(`${url}/v1/notes`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ title: 'hello', done: false }),
        });
        expect(created.status).toBe(201);
        const list = await fetch(`${url}/v1/notes?limit=20`, { headers: auth });
        const body = (await list.json()) as { data: { title: string }[]; nextCursor: string | null };
        expect(body.data.map((n) => n.title)).toEqual(['hello']);
        const other = await signIn(row, around as Surroundings, dir, url, `other-${Date.now()}@example.com`);
        const foreign = await fetch(`${url}/v1/notes`, { headers: { authorization: `Bearer ${other}` } });
        expect(((await foreign.json()) as { data: unknown[] }).data).toEqual([]);
        const anonymous = await fetch(`${url}/v1/notes`);
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        // The generated suite lints this document with Spectral's OWASP ruleset; here: it is served, and complete.
        const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
        expect(doc.openapi).toMatch(/^3\.1/);
        expect(Object.keys(doc.paths)).toEqual(
          expect.arrayContaining(['/v1/notes', '/v1/all-types/{id}', '/v1/invoices', '/v1/contacts/{id}']),
        );
      });

      it('shuts down gracefully on SIGTERM with exit code 0', async () => {
        expect(await (server as RunningServer).stop()).toBe(0);
      });
    });
  });
}
