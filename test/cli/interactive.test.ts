import fs from 'fs-extra';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoTempDir, runCli, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

describe('interactive mode (real pseudo-terminal)', () => {
  it('asks every missing answer, builds a resource field by field, and writes it', async () => {
    const cwd = await tempDir('csa-pty-');
    const pty = new PtySession(`node ${cliPath}`, { cwd, env: { NO_COLOR: '1' } });
    await pty.answer('Project name', 'tasks-api' + KEY.enter);
    await pty.answer('Which HTTP framework', KEY.down + KEY.enter); // express
    await pty.answer('How do clients authenticate', KEY.enter); // jwt
    await pty.answer('Add a resource', 'y' + KEY.enter);
    await pty.answer('Resource name', 'Bad Name' + KEY.enter);
    await pty.expect('kebab-case'); // validation at the prompt
    await new Promise((r) => setTimeout(r, 300)); // let the prompt leave its validating state
    pty.send('\x7f'.repeat(8) + 'tasks' + KEY.enter);
    await pty.answer('Field 1 of tasks', 'title' + KEY.enter);
    await pty.answer('Type of title', KEY.enter); // string
    await pty.answer('Is title optional', 'n' + KEY.enter);
    await pty.answer('Add another field to tasks', 'y' + KEY.enter);
    await pty.answer('Field 2 of tasks', 'status' + KEY.enter);
    await pty.answer('Type of status', KEY.down.repeat(9) + KEY.enter); // enum
    await pty.answer('Values of status', 'open|done' + KEY.enter);
    await pty.answer('Is status optional', 'y' + KEY.enter);
    await pty.answer('Add another field to tasks', 'n' + KEY.enter);
    await pty.answer('Add another resource', 'n' + KEY.enter);
    await pty.answer('Which database', KEY.enter); // sqlite
    await pty.answer('Where are rate-limit counts kept', KEY.down + KEY.enter); // redis
    await pty.answer('Add a GraphQL endpoint', 'y' + KEY.enter);
    await pty.answer('Add file uploads', 'y' + KEY.enter);
    await pty.answer('Add a webhook receiver', 'y' + KEY.enter);
    await pty.answer('Webhook name', 'billing' + KEY.enter);
    await pty.answer('Signature format of billing', KEY.down + KEY.enter); // stripe
    await pty.answer('Add another webhook receiver', 'n' + KEY.enter);
    await pty.answer('Install dependencies now', 'n' + KEY.enter);
    await pty.answer('Create a git repository', 'n' + KEY.enter);
    const code = await pty.exited;
    expect(code, pty.text).toBe(0);
    const answers = (await fs.readJson(path.join(cwd, 'tasks-api/secure-api.json'))) as {
      framework: string;
      rateLimitStore: string;
      graphql: boolean;
      uploads: boolean;
      webhooks: string[];
      resources: string[];
    };
    expect(answers.framework).toBe('express');
    expect(answers.graphql).toBe(true);
    expect(answers.uploads).toBe(true);
    expect(answers.webhooks).toEqual(['billing:stripe']);
    expect(answers.rateLimitStore).toBe('redis');
    expect(answers.resources).toEqual(['tasks:title:string,status:enum(open|done)?']);
    const schema = await fs.readFile(path.join(cwd, 'tasks-api/src/resources/tasks/schema.ts'), 'utf8');
    expect(schema).toContain("z.enum(['open', 'done'])");
  });

  it('shows the banner first, refuses a non-empty folder right at the name, and counts "Done in" from the last answer', async () => {
    const cwd = await tempDir('csa-pty-');
    await fs.outputFile(path.join(cwd, 'taken/notes.txt'), 'mine');
    const pty = new PtySession(
      `node ${cliPath} --no-install --no-git --framework hono --auth jwt --rate-limit-store memory --no-graphql --no-uploads`,
      {
        cwd,
        env: { NO_COLOR: '1' },
      },
    );
    await pty.expect('Project name');
    expect(pty.text.trimStart()).toMatch(/^create-secure-api \d+\.\d+\.\d+/);
    pty.send('taken' + KEY.enter);
    await pty.expect('is not empty'); // before any other question
    expect(pty.text).not.toContain('Add a resource');
    await new Promise((r) => setTimeout(r, 300));
    pty.send('\x7f'.repeat(5) + 'fresh' + KEY.enter);
    await pty.expect('Add a resource');
    pty.send('n' + KEY.enter);
    await pty.answer('Which database', KEY.enter);
    await pty.expect('Add a webhook receiver');
    await new Promise((r) => setTimeout(r, 2500)); // a person thinking: not part of the run time
    pty.send('n' + KEY.enter);
    expect(await pty.exited, pty.text).toBe(0);
    const seconds = Number(/Done in ([\d.]+) s/.exec(pty.text)?.[1] ?? (/Done in \d+ ms/.test(pty.text) ? 0 : NaN));
    expect(seconds).toBeLessThan(2.5);
    expect(pty.text.match(/create-secure-api \d/g)).toHaveLength(1); // the banner once
    expect(await fs.readFile(path.join(cwd, 'taken/notes.txt'), 'utf8')).toBe('mine');
  });

  it('a folder whose name is no package name: offers a valid one, and takes a whole resource spec at the name prompt', async () => {
    const cwd = await tempDir('csa-pty-');
    const pty = new PtySession(
      `node ${cliPath} "My API" --no-install --no-git --framework express --auth jwt --rate-limit-store memory --no-graphql --no-uploads`,
      { cwd, env: { NO_COLOR: '1' } },
    );
    await pty.answer('Package name', KEY.enter); // the offered default
    await pty.answer('Add a resource', 'y' + KEY.enter);
    await pty.answer('Resource name', 'tasks:title:string,done:boolean?' + KEY.enter);
    await pty.answer('Add another resource', 'n' + KEY.enter);
    await pty.answer('Which database', KEY.down + KEY.enter); // postgres
    await pty.answer('Add a webhook receiver', 'n' + KEY.enter);
    expect(await pty.exited, pty.text).toBe(0);
    const pkg = (await fs.readJson(path.join(cwd, 'My API/package.json'))) as { name: string };
    expect(pkg.name).toBe('my-api');
    const answers = (await fs.readJson(path.join(cwd, 'My API/secure-api.json'))) as { resources: string[]; db: string };
    expect(answers.resources).toEqual(['tasks:title:string,done:boolean?']);
    expect(answers.db).toBe('postgres');
  });

  it('exits 130 and writes nothing when the user presses Ctrl-C', async () => {
    const cwd = await tempDir('csa-pty-');
    const pty = new PtySession(`node ${cliPath} cancelled`, { cwd, env: { NO_COLOR: '1' } });
    await pty.answer('Which HTTP framework', KEY.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(await fs.readdir(cwd)).toEqual([]);
  });

  it('npm run gen asks the same questions inside a generated project and adds the resource', { timeout: 60_000 }, async () => {
    const dir = await repoTempDir('pty-gen-');
    const created = await runCli([dir + '/api', '--yes', '--no-install', '--no-git']);
    expect(created.exitCode, created.stderr).toBe(0);
    const pty = new PtySession('npm run gen', { cwd: `${dir}/api`, env: { NO_COLOR: '1' } });
    await pty.answer('choose a generator', KEY.enter); // resource, the first
    await pty.answer('Resource name', 'notes' + KEY.enter);
    await pty.expect('already exists'); // the same validation as the CLI, plus the project's own resources
    await new Promise((r) => setTimeout(r, 300));
    pty.send('\x7f'.repeat(5) + 'tags' + KEY.enter);
    await pty.answer('Field 1 of tags', 'label' + KEY.enter);
    await pty.answer('Type of label', KEY.enter);
    await pty.answer('Is label optional', 'n' + KEY.enter);
    await pty.answer('Add another field to tags', 'n' + KEY.enter);
    expect(await pty.exited, pty.text).toBe(0);
    const schema = await fs.readFile(path.join(dir, 'api/src/resources/tags/schema.ts'), 'utf8');
    expect(schema).toContain('label');
    await fs.remove(dir);
  });
});
