import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerHelpers } from '../../generators/helpers.js';
import { FileTree } from '../../generators/tree.js';
import { PROVIDER_SECRET_PLACEHOLDER, planWebhook, webhookTemplateData } from '../../generators/webhook.js';
import { finalizeAnswers } from '../../src/answers.js';
import { FRAMEWORKS } from '../../src/options.js';
import { renderInMemory } from '../helpers/render.js';

// Webhook receivers, rendered in memory on day one (--webhook) and planned into a project
// on disk the way `npm run gen webhook` does it.

const WEBHOOKS = ['billing:stripe', 'events:standard', 'repo-hooks:github', 'chat:slack'];
const projects = new Map<string, Map<string, string>>();
const project = (framework: string) => projects.get(framework) as Map<string, string>;

beforeAll(async () => {
  for (const { value } of FRAMEWORKS) projects.set(value, await renderInMemory(value, ['notes:title:string'], { webhooks: WEBHOOKS }));
});

describe.each(FRAMEWORKS.map((framework) => framework.value))('a %s project with four webhook receivers', (framework) => {
  it('has a handler, a registration and tests per receiver, and no framework code in them', () => {
    const files = [...project(framework).keys()];
    for (const name of ['billing', 'events', 'repo-hooks', 'chat']) {
      expect(files).toEqual(
        expect.arrayContaining([`src/webhooks/${name}/handler.ts`, `src/webhooks/${name}/index.ts`, `test/webhooks/${name}.test.ts`]),
      );
    }
    expect(files.filter((file) => file.endsWith('.window.test.ts')).sort()).toEqual([
      'test/webhooks/billing.window.test.ts',
      'test/webhooks/chat.window.test.ts',
      'test/webhooks/events.window.test.ts',
    ]);
    expect(files).toEqual(expect.arrayContaining(['test/webhooks/repo-hooks.redelivery.test.ts', 'test/webhooks/chat.slack.test.ts']));
    for (const [file, text] of project(framework)) {
      if (file.startsWith('src/webhooks/') || file.startsWith('src/core/webhooks/'))
        expect(text, file).not.toMatch(/from '(fastify|express|hono)/);
    }
  });

  it('registers each receiver once, at the markers', () => {
    const registry = project(framework).get('src/webhooks/index.ts') as string;
    expect(registry).toContain("import { repoHooksWebhook } from './repo-hooks/index.js';");
    expect(registry.match(/^ {2}(billing|events|repoHooks|chat)Webhook,$/gm)).toHaveLength(4);
    expect(project(framework).get('src/webhooks/repo-hooks/index.ts')).toContain("defineWebhook('repo-hooks', 'github', handler)");
  });

  it('gives .env a fresh whsec_ secret for standard and the placeholder for the others, and documents each', () => {
    const env = project(framework).get('.env') as string;
    expect(env).toMatch(/^WEBHOOK_EVENTS_SECRETS=whsec_[A-Za-z0-9+/]{43}=$/m);
    for (const variable of ['WEBHOOK_BILLING_SECRETS', 'WEBHOOK_REPO_HOOKS_SECRETS', 'WEBHOOK_CHAT_SECRETS']) {
      expect(env).toContain(`${variable}=${PROVIDER_SECRET_PLACEHOLDER}\n`);
    }
    const example = project(framework).get('.env.example') as string;
    expect(example).toContain('WEBHOOK_BODY_LIMIT=1mb');
    expect(example).toContain('WEBHOOK_EVENTS_SECRETS=whsec_<base64 of 32 random bytes>');
    const readme = project(framework).get('README.md') as string;
    expect(readme).toContain('| `POST /webhooks/billing` | stripe | `WEBHOOK_BILLING_SECRETS` |');
    expect(readme).toContain('SEC-W1');
  });

  it('records the receivers in secure-api.json, so --config replays them', () => {
    const settings = JSON.parse(project(framework).get('secure-api.json') as string) as { webhooks: string[] };
    expect(settings.webhooks).toEqual(WEBHOOKS);
    const replayed = {
      projectName: 'same-api',
      framework,
      auth: 'jwt',
      resources: [],
      db: 'sqlite',
      rateLimitStore: 'memory',
      graphql: false,
      uploads: false,
      webhooks: settings.webhooks,
      packageManager: 'npm',
      install: false,
      git: false,
    };
    expect(finalizeAnswers(replayed, {}).webhooks).toEqual(WEBHOOKS);
  });
});

describe('a project without receivers', () => {
  it('keeps the markers and the README section, and has no receiver files', async () => {
    const files = await renderInMemory('hono', ['notes:title:string']);
    expect(files.get('src/webhooks/index.ts')).toContain('// secure-api:webhook-list');
    expect(files.get('README.md')).toContain('<!-- secure-api:webhook-rows -->');
    expect([...files.keys()].filter((file) => file.startsWith('test/webhooks/'))).toEqual([]);
  });
});

describe('--webhook answers', () => {
  const base = {
    projectName: 'my-api',
    framework: 'hono',
    auth: 'jwt',
    resources: [],
    db: 'sqlite',
    rateLimitStore: 'memory',
    graphql: false,
    uploads: false,
    packageManager: 'npm',
    install: false,
    git: false,
  };

  it('accepts name:preset for each preset', () => {
    expect(finalizeAnswers({ ...base, webhooks: ['a-b:standard', 'pay:stripe', 'gh:github', 'chat:slack'] }, {}).webhooks).toHaveLength(4);
  });

  it.each([
    ['Billing:stripe', /kebab-case/],
    ['billing:paypal', /not one of standard, stripe, github, slack/],
    ['billing', /not one of/],
    ['billing:stripe:extra', /name:preset/],
    ['webhooks:stripe', /reserved/],
    ['constructor:github', /reserved/],
  ])('refuses %s, naming the problem', (spec, problem) => {
    expect(() => finalizeAnswers({ ...base, webhooks: [spec] }, { webhooks: 'flag' })).toThrow(problem);
  });

  it('refuses a name given twice', () => {
    expect(() => finalizeAnswers({ ...base, webhooks: ['pay:stripe', 'pay:github'] }, {})).toThrow(/given twice/);
  });
});

describe('npm run gen webhook, planned into a project on disk', () => {
  let dir: string;
  let plop: { handlebars: typeof import('handlebars') };

  beforeAll(async () => {
    const { default: handlebars } = await import('handlebars');
    const instance = handlebars.create();
    plop = { handlebars: instance };
    registerHelpers({
      handlebars: instance,
      setHelper: (name: string, fn: Handlebars.HelperDelegate) => instance.registerHelper(name, fn),
    } as never);
  });

  afterEach(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function writeProject(): Promise<string> {
    const files = await renderInMemory('fastify', ['notes:title:string'], { webhooks: ['billing:stripe'] });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-gen-'));
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    return root;
  }

  const snapshot = (root: string) =>
    new Map(
      fs
        .readdirSync(root, { recursive: true })
        .map(String)
        .filter((file) => fs.statSync(path.join(root, file)).isFile())
        .map((file) => [file, fs.readFileSync(path.join(root, file), 'utf8')]),
    );

  it('adds a receiver: files, registry lines, env entry, README row and settings, all at once', async () => {
    dir = await writeProject();
    const tree = new FileTree(dir);
    planWebhook(
      tree,
      plop,
      { webhook: webhookTemplateData({ name: 'ci-events', preset: 'github' }), recordInSettings: true },
      path.resolve('templates'),
    );
    await tree.commit();
    expect(fs.readFileSync(path.join(dir, 'src/webhooks/index.ts'), 'utf8')).toContain('ciEventsWebhook,');
    expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toContain(`WEBHOOK_CI_EVENTS_SECRETS=${PROVIDER_SECRET_PLACEHOLDER}`);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('`POST /webhooks/ci-events` | github');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'secure-api.json'), 'utf8')).webhooks).toEqual(['billing:stripe', 'ci-events:github']);
    expect(fs.existsSync(path.join(dir, 'test/webhooks/ci-events.redelivery.test.ts'))).toBe(true);
  });

  it('refuses a receiver that exists, changing nothing', async () => {
    dir = await writeProject();
    const before = snapshot(dir);
    const tree = new FileTree(dir);
    expect(() =>
      planWebhook(
        tree,
        plop,
        { webhook: webhookTemplateData({ name: 'billing', preset: 'standard' }), recordInSettings: true },
        path.resolve('templates'),
      ),
    ).toThrow(/already exists/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes nothing when the registry lost its marker', async () => {
    dir = await writeProject();
    fs.writeFileSync(path.join(dir, 'src/webhooks/index.ts'), 'export const webhooks = [];\n');
    const before = snapshot(dir);
    const tree = new FileTree(dir);
    expect(() =>
      planWebhook(tree, plop, { webhook: webhookTemplateData({ name: 'other', preset: 'slack' }) }, path.resolve('templates')),
    ).toThrow(/secure-api:webhook-imports/);
    expect(snapshot(dir)).toEqual(before);
  });
});
