import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderInMemory } from '../helpers/render.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { services?: Record<string, { image: string }>; env?: Record<string, unknown>; steps: Step[] }>;
}

interface PackageJson {
  readonly scripts: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly engines: { node: string };
}

/** The package script a workflow command runs with `pm`, or undefined for a command that runs none (an install). */
function scriptOf(pm: string, command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== pm) throw new Error(`"${command}" does not run ${pm}`);
  const [, verb, name] = words;
  if (verb === 'install' || verb === 'ci') return undefined;
  if (verb === 'run') return name;
  if (pm === 'npm' && !['test', 'start'].includes(verb ?? '')) throw new Error(`npm does not run a script with "${command}"`);
  if (pm === 'bun') throw new Error(`"${command}" is bun's own command, not a package script`);
  return verb;
}

const VARIANTS = [
  { framework: 'fastify', answers: { packageManager: 'npm' }, services: [] },
  { framework: 'express', answers: { packageManager: 'pnpm', db: 'postgres', auth: 'api-key' }, services: ['postgres'] },
  { framework: 'hono', answers: { packageManager: 'yarn', rateLimitStore: 'redis', auth: 'oidc' }, services: ['redis'] },
  {
    framework: 'hono',
    answers: { packageManager: 'bun', db: 'postgres', rateLimitStore: 'redis', auth: 'jwt+api-key' },
    services: ['postgres', 'redis'],
  },
] as const;

describe.each(VARIANTS.map((variant) => [`${variant.framework} ${Object.values(variant.answers).join(' ')}`, variant] as const))(
  'CI and upkeep files of a project (%s)',
  (_name, variant) => {
    const pm = variant.answers.packageManager;
    let files: Map<string, string>;
    let pkg: PackageJson;
    let workflow: Workflow;

    it('renders a workflow that parses as YAML, read-only, on pushes to main and pull requests', async () => {
      files = await renderInMemory(variant.framework, ['notes:title:string'], variant.answers);
      pkg = JSON.parse(files.get('package.json') as string) as PackageJson;
      workflow = parse(files.get('.github/workflows/ci.yml') as string) as Workflow;
      expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
      expect(workflow.permissions).toEqual({ contents: 'read' });
      expect(Object.keys(workflow.jobs)).toHaveLength(1);
    });

    it('calls only scripts that package.json has: install, lint, typecheck, test and lint:api, in that order', () => {
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      const commands = steps.flatMap((step) => (step.run === undefined || step.run.startsWith('corepack ') ? [] : [step.run]));
      const scripts = commands.map((command) => scriptOf(pm, command));
      expect(scripts).toEqual([undefined, 'lint', 'typecheck', 'test', 'lint:api']);
      for (const script of scripts) if (script !== undefined) expect(pkg.scripts, `script ${script}`).toHaveProperty([script]);
    });

    it('runs the Node line of .nvmrc, which package.json engines accept', () => {
      const nvmrc = (files.get('.nvmrc') as string).trim();
      expect(nvmrc).toMatch(/^\d+$/);
      expect(Number(nvmrc)).toBeGreaterThanOrEqual(Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]));
      const setup = Object.values(workflow.jobs)
        .flatMap((job) => job.steps)
        .find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setup?.with?.['node-version-file']).toBe('.nvmrc');
      expect(files.get('.editorconfig')).toMatch(/indent_size = 2/);
    });

    it('starts the service containers its tests need and tells the tests where they are', () => {
      const job = Object.values(workflow.jobs)[0];
      expect(Object.keys(job?.services ?? {}).sort()).toEqual([...variant.services]);
      const testVariables = Object.keys(job?.env ?? {})
        .filter((name) => name.startsWith('TEST_'))
        .sort();
      const expected = variant.services.map((service) => (service === 'postgres' ? 'TEST_DATABASE_URL' : 'TEST_REDIS_URL')).sort();
      expect(testVariables).toEqual(expected);
    });

    it('groups its framework and security packages for Renovate, each one a dependency of the project', () => {
      const renovate = JSON.parse(files.get('renovate.json') as string) as {
        packageRules: { groupName: string; matchPackageNames: string[] }[];
      };
      const groups = Object.fromEntries(renovate.packageRules.map((rule) => [rule.groupName, rule.matchPackageNames]));
      expect(Object.keys(groups).sort()).toEqual(['framework', 'security']);
      expect(groups.framework).toContain(variant.framework);
      expect(groups.security).toContain('zod');
      const dependencies = { ...pkg.dependencies, ...pkg.devDependencies };
      for (const name of Object.values(groups).flat()) expect(dependencies, name).toHaveProperty([name]);
    });
  },
);
