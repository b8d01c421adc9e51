import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const FAST = ['--no-install', '--no-git'];

describe('create-secure-api CLI', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await tempDir('csa-cli-');
  });

  it('--help lists every flag and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  it('--version prints the package version', async () => {
    const pkg = (await fs.readJson(path.join(repoRoot, 'package.json'))) as { version: string };
    const result = await runCli(['-v']);
    expect(result).toMatchObject({ exitCode: 0, stdout: pkg.version });
  });

  it.each([
    [['--framework', 'koa'], '--framework: "koa" is not accepted; accepted: fastify, express, hono'],
    [['--auth', 'basic'], '--auth: "basic" is not accepted; accepted: jwt, api-key, jwt+api-key, oidc'],
    [['--db', 'mysql'], '--db: "mysql" is not accepted; accepted: sqlite, postgres'],
    [['--package-manager', 'pip'], '--package-manager: "pip" is not accepted; accepted: npm, pnpm, yarn, bun'],
    [['--rate-limit-store', 'memcached'], '--rate-limit-store: "memcached" is not accepted; accepted: memory, redis'],
    [['--resource', 'notes:title:varchar'], 'unknown type "varchar"'],
    [['--resource', 'auth:title:string'], 'reserved'],
    [['--bogus'], 'unknown option --bogus'],
    [['--webhook', 'billing:paypal'], '--webhook: webhook "billing": preset "paypal" is not one of standard, stripe, github, slack'],
    [['--webhook', 'webhooks:github'], 'webhook name "webhooks" is reserved'],
    [['--webhook', 'pay:stripe', '--webhook', 'pay:github'], 'webhook "pay" is given twice'],
  ])('refuses %j with exit code 2 and writes nothing', async (args, message) => {
    const before = await fs.readdir(cwd);
    const result = await runCli(['bad-usage', '--yes', ...FAST, ...args], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await fs.readdir(cwd)).toEqual(before);
  });

  it('npm create without --: names the options npm kept for itself and says to put them after --', async () => {
    // what npm 11 hands over for `npm create secure-api my-api --framework hono --resource notes:title:string -y --no-install`
    const npmEnv = {
      npm_command: 'exec',
      npm_config_framework: 'true',
      npm_config_resource: 'true',
      npm_config_yes: 'true',
      npm_config_install: '',
    };
    const before = await fs.readdir(cwd);
    const result = await runCli(['my-api', 'hono', 'notes:title:string'], { cwd, env: npmEnv });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('npm kept these options for itself: --framework, --resource, --no-install, -y/--yes');
    expect(result.stderr).toContain('"hono", "notes:title:string"');
    expect(result.stderr).toContain(
      'Put options after `--`: npm create secure-api@latest my-api -- --framework <name> --resource <spec> --no-install --yes',
    );
    expect(await fs.readdir(cwd)).toEqual(before);
    // `npm exec --yes` (npm's own answer) with the options after `--` is a normal run
    const fine = await runCli(['after-dashes', '--dry-run', ...FAST], { cwd, env: { npm_command: 'exec', npm_config_yes: 'true' } });
    expect(fine.exitCode, fine.stderr).toBe(0);
  });

  it('never prompts without a TTY: takes defaults, prints them, and writes the project', async () => {
    const result = await runCli(['no-tty', ...FAST], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Framework\s+fastify \(default\)/);
    expect(result.stdout).toMatch(/Resources\s+notes:title:string,body:text\?/);
    expect(result.stdout).toContain('Next steps:');
    expect(result.stdout).toContain('npm install');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every colour code
    expect(result.stdout).not.toMatch(/\x1b\[/); // no colour without a TTY
    const pkg = (await fs.readJson(path.join(cwd, 'no-tty/package.json'))) as { name: string };
    expect(pkg.name).toBe('no-tty');
    const answers = (await fs.readJson(path.join(cwd, 'no-tty/secure-api.json'))) as { resources: string[] };
    expect(answers.resources).toEqual(['notes:title:string,body:text?']);
    expect(await fs.pathExists(path.join(cwd, 'no-tty/.env'))).toBe(true);
    expect(await fs.pathExists(path.join(cwd, 'no-tty/.gitignore'))).toBe(true);
    const leftovers = (await fs.readdir(cwd)).filter((e) => e.startsWith('.secure-api-staging'));
    expect(leftovers).toEqual([]);
  });

  it('writes fresh random secrets into .env, and none into .env.example', async () => {
    await runCli(['secrets-a', '--yes', ...FAST], { cwd });
    await runCli(['secrets-b', '--yes', ...FAST], { cwd });
    const read = (dir: string, file: string) => fs.readFile(path.join(cwd, dir, file), 'utf8');
    const secret = (env: string, name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(env)?.[1] ?? '';
    const a = await read('secrets-a', '.env');
    const b = await read('secrets-b', '.env');
    expect(secret(a, 'JWT_SECRET').length).toBeGreaterThanOrEqual(43);
    expect(secret(a, 'JWT_SECRET')).not.toBe(secret(b, 'JWT_SECRET'));
    expect(secret(a, 'JWT_SECRET')).not.toBe(secret(a, 'JWT_REFRESH_SECRET'));
    const example = await read('secrets-a', '.env.example');
    expect(example).not.toContain(secret(a, 'JWT_SECRET'));
    expect(example).not.toContain(secret(a, 'JWT_REFRESH_SECRET'));
    expect(await read('secrets-a', '.gitignore')).toMatch(/^\.env$/m);
  });

  it('writes .env readable by its owner only (0600), and so is the --force backup of an old .env', async () => {
    const target = path.join(cwd, 'private-env');
    await fs.outputFile(path.join(target, '.env'), 'OLD_SECRET=from-before\n');
    await fs.chmod(path.join(target, '.env'), 0o644);
    const result = await runCli([target, '--yes', '--force', ...FAST], { cwd });
    expect(result.exitCode).toBe(0);
    const modeOf = async (file: string) => (await fs.stat(path.join(target, file))).mode & 0o777;
    expect(await modeOf('.env')).toBe(0o600);
    const backup = (await fs.readdir(target)).find((entry) => entry.startsWith('.secure-api-backup-')) ?? '';
    expect(await fs.readFile(path.join(target, backup, '.env'), 'utf8')).toBe('OLD_SECRET=from-before\n');
    expect(await modeOf(path.join(backup, '.env'))).toBe(0o600);
  });

  it('reads answers from --config, and flags win over it', async () => {
    const config = path.join(cwd, 'answers.json');
    await fs.writeJson(config, {
      resources: ['tags:label:string', { name: 'books', fields: [{ name: 'isbn', type: 'string' }] }],
      git: false,
    });
    const result = await runCli(['from-config', '--config', config, '--no-install', '--git'], { cwd, env: { PATH: '/nonexistent' } });
    // git was asked for by the flag; with no git on PATH it is skipped with a message, not a failure
    expect(result.stdout).toContain('Skipped git');
    expect(result.exitCode).toBe(0);
    const answers = (await fs.readJson(path.join(cwd, 'from-config/secure-api.json'))) as { resources: string[] };
    expect(answers.resources).toEqual(['tags:label:string', 'books:isbn:string']);
  });

  it('replays the secure-api.json a project records with --config: the same project, but for its secrets', {
    timeout: 120_000,
  }, async () => {
    const first = await runCli(
      [
        'recorded',
        '--yes',
        ...FAST,
        '--framework',
        'hono',
        '--resource',
        'tasks:title:string,done:boolean?',
        '--webhook',
        'events:standard',
        '--webhook',
        'pay:stripe',
      ],
      { cwd },
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const recorded = path.join(cwd, 'recorded/secure-api.json');
    expect(Object.keys((await fs.readJson(recorded)) as object)).toEqual(expect.arrayContaining(['name', 'generatorVersion']));
    const replay = await runCli(['replayed', '--config', recorded, '--yes', ...FAST], { cwd });
    expect(replay.exitCode, replay.stderr).toBe(0);
    const a = await snapshotTree(path.join(cwd, 'recorded'));
    const b = await snapshotTree(path.join(cwd, 'replayed'));
    const secrets = /^(JWT_SECRET|JWT_REFRESH_SECRET|WEBHOOK_EVENTS_SECRETS)=.*$/gm;
    expect(b['.env']?.replace(secrets, '$1=')).toBe(a['.env']?.replace(secrets, '$1='));
    expect(b['.env']).not.toBe(a['.env']);
    delete a['.env'];
    delete b['.env'];
    expect(b).toEqual(a);
  });

  it('names the config key and file on a bad config', async () => {
    const config = path.join(cwd, 'bad.json');
    await fs.writeJson(config, { framework: 'rails' });
    const result = await runCli(['x', '--config', config, ...FAST], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`"framework" in ${config}: "rails" is not accepted; accepted: fastify, express, hono`);
    await fs.writeFile(config, '{ nope');
    expect((await runCli(['x', '--config', config], { cwd })).stderr).toContain('not valid JSON');
    await fs.writeJson(config, { role: 'admin' });
    expect((await runCli(['x', '--config', config], { cwd })).stderr).toContain('unknown key "role"');
  });

  it('--dry-run prints the files and writes nothing', async () => {
    const result = await runCli(['dry', '--dry-run', '--resource', 'tasks:title:string', ...FAST], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('package.json');
    expect(result.stdout).toContain('src/resources/tasks/');
    expect(result.stdout).toContain('Nothing was written.');
    expect(await fs.pathExists(path.join(cwd, 'dry'))).toBe(false);
  });

  it('exits quietly when the reader of its output goes away (| head -1)', async () => {
    const { execa } = await import('execa');
    const run = `"${process.execPath}" "${cliPath}" piped --dry-run --no-install --no-git | head -1`;
    for (let i = 0; i < 3; i += 1) {
      const result = await execa('sh', ['-c', `${run}; echo "exit=$?"`], {
        cwd,
        reject: false,
        env: { NO_COLOR: '1', npm_config_user_agent: '' },
      });
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n')[0]).toMatch(/^create-secure-api /);
    }
    expect(await fs.pathExists(path.join(cwd, 'piped'))).toBe(false);
  });

  it('refuses a non-empty directory (exit 1) and changes nothing', async () => {
    const target = path.join(cwd, 'occupied');
    await fs.outputFile(path.join(target, 'package.json'), '{"name":"mine"}');
    const result = await runCli([target, '--yes', ...FAST], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not empty');
    expect(result.stderr).toContain('--force');
    expect(await snapshotTree(target)).toEqual({ 'package.json': '{"name":"mine"}' });
  });

  it('--force backs up every file it replaces and loses nothing', async () => {
    const target = path.join(cwd, 'forced');
    await fs.outputFile(path.join(target, 'package.json'), '{"name":"mine"}');
    await fs.outputFile(path.join(target, 'README.md'), 'my notes');
    await fs.outputFile(path.join(target, 'keep/me.txt'), 'untouched');
    const result = await runCli([target, '--yes', '--force', ...FAST], { cwd });
    expect(result.exitCode).toBe(0);
    const entries = await fs.readdir(target);
    const backup = entries.find((e) => e.startsWith('.secure-api-backup-'));
    expect(backup).toBeDefined();
    const saved = await snapshotTree(path.join(target, backup as string));
    expect(saved).toEqual({ 'package.json': '{"name":"mine"}', 'README.md': 'my notes' });
    expect(await fs.readFile(path.join(target, 'keep/me.txt'), 'utf8')).toBe('untouched');
    expect(((await fs.readJson(path.join(target, 'package.json'))) as { name: string }).name).toBe('forced');
  });

  it('writes `.` into a folder whose parent it cannot write to (a container WORKDIR), --force backups included', async () => {
    // The CLI runs as a user who owns the target but not its parent: nobody when the tests run as root.
    const parent = path.join(cwd, 'read-only-parent');
    const target = path.join(parent, 'app');
    await fs.outputFile(path.join(target, 'README.md'), 'mine');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await execa('chown', ['-R', 'nobody', target]);
    await fs.chmod(cwd, 0o755);
    await fs.chmod(parent, 0o555);
    const unprivileged = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
    try {
      const [command, ...prefix] = [...unprivileged, process.execPath];
      const result = await execa(command as string, [...prefix, cliPath, '.', '--yes', '--force', ...FAST], {
        cwd: target,
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1', npm_config_user_agent: '', HOME: target },
      });
      expect(result.exitCode, String(result.stderr)).toBe(0);
      expect(await fs.readdir(parent)).toEqual(['app']);
      const backup = (await fs.readdir(target)).find((entry) => entry.startsWith('.secure-api-backup-'));
      expect(await fs.readFile(path.join(target, backup as string, 'README.md'), 'utf8')).toBe('mine');
      expect(((await fs.readJson(path.join(target, 'package.json'))) as { name: string }).name).toBe('app');
    } finally {
      await fs.chmod(parent, 0o755);
    }
  });

  it('is all or nothing: a template failing half-way leaves the target exactly as it was', async () => {
    const templates = path.join(cwd, 'broken-templates');
    await fs.copy(path.join(repoRoot, 'templates'), templates);
    // an unclosed block fails when rendered, after the whole app layer has been written
    await fs.outputFile(path.join(templates, 'resource/zz-broken.ts.hbs'), '{{#each resource.fields}}\n');
    const target = path.join(cwd, 'atomic');
    await fs.outputFile(path.join(target, 'README.md'), 'original');
    const before = await snapshotTree(target);
    const result = await runCli([target, '--yes', '--force', ...FAST], { cwd, env: { CREATE_SECURE_API_TEMPLATES: templates } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Could not render the project');
    expect(result.stderr).toContain('Nothing was written');
    expect(await snapshotTree(target)).toEqual(before);
    expect((await fs.readdir(cwd)).filter((e) => e.startsWith('.secure-api-staging'))).toEqual([]);
  });

  it.each([
    ['a"b'],
    ['{{x}}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ in a name must be refused
    ['${x}'],
    ['`x`'],
    ['Ünïcode'],
    ['nоde'], // Cyrillic "о"
    ['x'.repeat(215)],
    ['__proto__'],
  ])('refuses the hostile project name %j and writes nothing', async (name) => {
    const sandbox = await tempDir('csa-hostile-');
    const result = await runCli([name, '--yes', ...FAST], { cwd: sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/project name: /);
    expect(await fs.readdir(sandbox)).toEqual([]);
  });

  it('a folder whose name is no package name: says how to name the package, and --name does', async () => {
    const sandbox = await tempDir('csa-name-');
    const refused = await runCli(['My API', '--yes', ...FAST], { cwd: sandbox });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--name my-api');
    expect(await fs.readdir(sandbox)).toEqual([]);
    const named = await runCli(['My API', '--yes', '--name', 'my-api', ...FAST], { cwd: sandbox });
    expect(named.exitCode, named.stderr).toBe(0);
    expect(((await fs.readJson(path.join(sandbox, 'My API/package.json'))) as { name: string }).name).toBe('my-api');
  });

  it('writes nothing outside the target even for a path argument', async () => {
    const sandbox = await tempDir('csa-outside-');
    await fs.mkdir(path.join(sandbox, 'here'));
    const result = await runCli(['../sibling', '--yes', ...FAST], { cwd: path.join(sandbox, 'here') });
    expect(result.exitCode).toBe(0);
    expect((await fs.readdir(sandbox)).sort()).toEqual(['here', 'sibling']);
    expect(await fs.readdir(path.join(sandbox, 'here'))).toEqual([]);
  });

  it('reports a failed install, keeps the files and says how to finish (exit 1)', async () => {
    const emptyPath = await tempDir('csa-no-pnpm-'); // pnpm may well sit next to node
    const result = await runCli(['install-fails', '--yes', '--no-git', '--package-manager', 'pnpm'], { cwd, env: { PATH: emptyPath } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('pnpm was not found');
    expect(result.stderr).toContain('To finish: cd install-fails && pnpm install');
    expect(await fs.pathExists(path.join(cwd, 'install-fails/package.json'))).toBe(true);
  });

  it("without a git identity: a complete project, a warning with git's whole message and the command that finishes, exit 0", async () => {
    const home = await tempDir('csa-home-');
    // no inherited environment: no GIT_AUTHOR_*, no EMAIL, no global or system git config
    const env: Record<string, string> = { HOME: home, GIT_CONFIG_NOSYSTEM: '1', PATH: process.env.PATH ?? '' };
    const result = await runCli(['no-identity', '--yes', '--no-install'], { cwd, env, extendEnv: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('Author identity unknown');
    expect(result.stderr).toContain('git config --global user.email'); // git's instructions, not cut short
    expect(result.stderr).toContain('git -C no-identity commit -m "Initial commit from create-secure-api"');
    expect(result.stdout).not.toMatch(/^Done in/m);
    expect(result.stdout).toMatch(/^Done, with a warning/m);
    expect(await fs.pathExists(path.join(cwd, 'no-identity/package.json'))).toBe(true);
    const { execa } = await import('execa');
    // the command given finishes the job once an identity is set
    const finish = await execa(
      'sh',
      [
        '-c',
        'git -C no-identity -c user.name=T -c user.email=t@example.com commit -q -m "Initial commit from create-secure-api" && git -C no-identity log --oneline',
      ],
      { cwd, env: { ...env, HOME: home } },
    );
    expect(finish.stdout).toContain('Initial commit from create-secure-api');
  });

  it('Ctrl-C during the install: exit 130, saying the files are in place and which command finishes', async () => {
    const fakeBin = await tempDir('csa-fake-npm-');
    await fs.writeFile(path.join(fakeBin, 'npm'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    const { execa } = await import('execa');
    const child = execa(process.execPath, [cliPath, 'interrupted', '--yes', '--no-git', '--package-manager', 'npm'], {
      cwd,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1', npm_config_user_agent: '', PATH: `${fakeBin}:${process.env.PATH ?? ''}` },
    });
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const started = Date.now();
    while (!seen.includes('Installing dependencies') && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('Cancelled the install. The project files are in place in');
    expect(result.stderr).toContain('To finish: cd interrupted && npm install');
    expect(await fs.pathExists(path.join(cwd, 'interrupted/package.json'))).toBe(true);
  });

  it('makes a first git commit', async () => {
    const result = await runCli(['with-git', '--yes', '--no-install'], {
      cwd,
      env: {
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
        PATH: process.env.PATH,
      },
    });
    expect(result.exitCode).toBe(0);
    const { execa } = await import('execa');
    const log = await execa('git', ['log', '--oneline'], { cwd: path.join(cwd, 'with-git') });
    expect(log.stdout).toContain('Initial commit from create-secure-api');
    const tracked = await execa('git', ['ls-files'], { cwd: path.join(cwd, 'with-git') });
    expect(tracked.stdout.split('\n')).not.toContain('.env');
  });
});
