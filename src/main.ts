import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgv, type ParsedArgs } from './args.js';
import {
  checkPartial,
  defaultValue,
  finalizeAnswers,
  projectNameProblem,
  toValidPackageName,
  type Answers,
  type Source,
} from './answers.js';
import { CancelledError, CliError, EXIT, UsageError } from './errors.js';
import { backupDirName, inspectTarget, targetProblem } from './files.js';
import { renderHelp } from './help.js';
import { ANSWER_OPTIONS, isOffered, optionByKey, type AnswerOption } from './options.js';
import { detectPackageManager, runScript } from './package-manager.js';
import { initGit, installDependencies } from './steps.js';
import { c, formatDuration, progress } from './ui.js';
import { declaringLayers, layerReservations } from '../generators/layers.js';
import { formatResourceSpec, reserveNames } from '../generators/resource-spec.js';
import { projectContext } from '../generators/context.js';
import { DEFAULT_TEMPLATES_DIR, renderProject } from '../generators/project.js';
import { usePrecompiledTemplates } from '../generators/render.js';
import { ChangeCancelled } from '../generators/tree.js';

/** The tree of files a render produced, not yet written. */
type RenderedTree = Awaited<ReturnType<typeof renderProject>>;

const here = path.dirname(fileURLToPath(import.meta.url));

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(here, '../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The templates precompiled by the build (dist/templates.js, next to this bundle). Without
 * them, as when running from source, each template is compiled on first use.
 */
async function loadPrecompiledTemplates(): Promise<void> {
  const file = path.join(here, 'templates.js');
  if (!fs.existsSync(file)) return;
  const { precompiledTemplates } = (await import(pathToFileURL(file).href)) as { precompiledTemplates: Map<string, unknown> };
  usePrecompiledTemplates(precompiledTemplates);
}

function templatesDir(): string {
  return process.env.CREATE_SECURE_API_TEMPLATES ? path.resolve(process.env.CREATE_SECURE_API_TEMPLATES) : DEFAULT_TEMPLATES_DIR;
}

/** Keys of the secure-api.json a project records, beside the answer keys: replaying it gives the same project. */
const RECORD_KEYS = ['name', 'generatorVersion'];
const CONFIG_KEYS = new Set(['projectName', 'apiKeyPrefix', ...ANSWER_OPTIONS.map((o) => o.key), ...RECORD_KEYS]);

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${file}: cannot read the file (${code === 'ENOENT' ? 'it does not exist' : code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${file}: not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--config ${file}: expected a JSON object of answers, e.g. {"framework": "fastify"}`);
  }
  const unknown = Object.keys(value).filter((k) => !CONFIG_KEYS.has(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `--config ${file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known keys: ${[...CONFIG_KEYS].join(', ')}`,
    );
  }
  const answers = { ...(value as Record<string, unknown>) };
  // `name` is the recorded project name; `generatorVersion` says which version wrote it.
  if ('name' in answers) {
    if ('projectName' in answers && answers.projectName !== answers.name) {
      throw new UsageError(`--config ${file}: "name" and "projectName" differ; give one of them`);
    }
    answers.projectName = answers.name;
    delete answers.name;
  }
  delete answers.generatorVersion;
  return answers;
}

/** Rows of options this version offers; one that cannot be chosen is not shown. */
function offeredRows(rows: [string, string, string][]): [string, string, string][] {
  return rows.filter(([, , key]) => {
    const option = optionByKey(key);
    return option === undefined || isOffered(option);
  });
}

function summary(answers: Answers, target: string, sources: Record<string, Source>): string {
  const rel = path.relative(process.cwd(), target) || '.';
  const yesNo = (v: boolean) => (v ? 'yes' : 'no');
  const rows: [string, string, string][] = [
    ['Project', `${answers.projectName} ${c.dim(`(${rel.startsWith('..') ? target : `./${rel}`})`)}`, ''],
    ['Framework', answers.framework, 'framework'],
    ['Auth', answers.auth, 'auth'],
    ['Resources', answers.resources.map((r) => formatResourceSpec(r)).join('\n               ') || c.dim('none'), 'resources'],
    ['Database', answers.db, 'db'],
    ['Rate limits', answers.rateLimitStore, 'rateLimitStore'],
    ...offeredRows([
      ['GraphQL', yesNo(answers.graphql), 'graphql'],
      ['Uploads', yesNo(answers.uploads), 'uploads'],
      ['Webhooks', answers.webhooks.join(', ') || c.dim('none'), 'webhooks'],
    ]),
    ['Install', answers.install ? `yes, with ${answers.packageManager}` : 'no', 'install'],
    ['Git', yesNo(answers.git), 'git'],
  ];
  return rows
    .map(([label, value, key]) => {
      const note = key && sources[key] === 'default' ? c.dim(' (default)') : '';
      return `  ${label.padEnd(12)} ${value}${note}`;
    })
    .join('\n');
}

/** The target as a person types it in a shell, relative to where they are. */
function shellPath(target: string): string {
  const rel = path.relative(process.cwd(), target) || '.';
  return /^[\w./@+-]+$/.test(rel) ? rel : JSON.stringify(rel);
}

function finishInstall(answers: Answers, target: string): string {
  return `cd ${shellPath(target)} && ${answers.packageManager} install`;
}

function nextSteps(answers: Answers, target: string, installed: boolean): string {
  const rel = path.relative(process.cwd(), target);
  const steps: string[] = [];
  if (rel) steps.push(`cd ${shellPath(target)}`);
  if (!installed) steps.push(`${answers.packageManager} install`);
  steps.push(runScript(answers.packageManager, 'dev'), runScript(answers.packageManager, 'test'));
  return `${c.bold('Next steps:')}\n${steps.map((s) => `  ${c.cyan(s)}`).join('\n')}\n\nAdd an endpoint later with ${c.cyan(runScript(answers.packageManager, 'gen'))}; the security checklist is in README.md.`;
}

async function collectAnswers(args: ParsedArgs, interactive: boolean) {
  const sources: Record<string, Source> = {};
  const input: Record<string, unknown> = {};
  const config = args.config ? await readConfig(args.config) : {};
  for (const [key, value] of Object.entries(config)) {
    input[key] = value;
    sources[key] = 'config';
  }
  for (const [key, value] of Object.entries(args.answers)) {
    input[key] = value;
    sources[key] = 'flag';
  }
  let dir = args.dir;
  if (dir !== undefined && dir.trim() === '') throw new UsageError('the directory argument is empty');
  if (dir === undefined && typeof input.projectName === 'string') dir = input.projectName;
  checkPartial(input, sources, args.config);

  const detected = detectPackageManager();
  const defaults: Record<string, unknown> = {};
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) defaults[option.key] = defaultValue(option, detected);

  // A folder that cannot take the project is refused before any question (as create-vite does).
  if (dir !== undefined) {
    const problem = await targetProblem(path.resolve(dir), args.force);
    if (problem) throw new CliError(`${problem.message} Nothing was written.`, EXIT.failure, problem.hint);
  }

  if (interactive) {
    const { promptMissing } = await import('./prompts.js');
    const asked = await promptMissing(input, defaults, {
      askDir: dir === undefined,
      ...(dir === undefined ? {} : { dir }),
      hasName: 'projectName' in input,
      force: args.force,
    });
    if (asked.dir !== undefined) dir = asked.dir;
    for (const [key, value] of Object.entries(asked.answers)) {
      input[key] = value;
      sources[key] = 'prompt';
    }
  }
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in input)) {
      input[key] = value;
      sources[key] = 'default';
    }
  }
  dir ??= 'my-api';
  const target = path.resolve(dir);
  if (!('projectName' in input)) {
    const folderName = path.basename(target);
    const problem = projectNameProblem(folderName);
    if (problem) {
      throw new UsageError(
        `project name: the folder's name ${JSON.stringify(folderName)} is not a valid npm package name (${problem})`,
        `Name the package with --name ${toValidPackageName(folderName)} (the folder keeps its name).`,
      );
    }
    input.projectName = folderName;
  }
  const answers = finalizeAnswers(input, sources, args.config);
  return { answers, target, sources };
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgv(argv);
  if (args.help) {
    process.stdout.write(renderHelp(packageVersion()));
    return EXIT.ok;
  }
  if (args.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  // Resource names that would clash with what any layer owns (its tables and routes) are refused.
  reserveNames(layerReservations(templatesDir(), declaringLayers(templatesDir())));
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true && !args.yes;
  const version = packageVersion();
  const banner = `${c.bold('create-secure-api')} ${c.dim(version)}\n`;
  // On a terminal the banner comes before the first question; elsewhere it heads the summary.
  if (interactive) process.stdout.write(banner);
  const { answers, target, sources } = await collectAnswers(args, interactive);
  // The run's time starts once the person has answered.
  const started = Date.now();

  const problem = await targetProblem(target, args.force);
  if (problem) throw new CliError(`${problem.message} Nothing was written.`, EXIT.failure, problem.hint);
  const nonEmpty = (await inspectTarget(target)).entries.length > 0;

  process.stdout.write(`${interactive ? '\n' : banner}${summary(answers, target, sources)}\n\n`);

  const unoffered = (ANSWER_OPTIONS as readonly AnswerOption[]).filter((option) => !isOffered(option)).map((option) => option.key);
  const context = projectContext(answers, { version, unoffered, templatesDir: templatesDir() });
  const backupDir = nonEmpty ? backupDirName() : undefined;
  // Ctrl-C or SIGTERM while rendering: nothing is written. The commit itself takes a few ms.
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let committed: Awaited<ReturnType<RenderedTree['commit']>>;
  try {
    let tree: RenderedTree;
    try {
      await loadPrecompiledTemplates();
      tree = await renderProject(context, target, templatesDir());
    } catch (error) {
      throw new CliError(
        `Could not render the project: ${error instanceof Error ? error.message : String(error)}. Nothing was written to ${target}.`,
      );
    }
    if (args.dryRun) {
      const files = tree.changes().map((change) => change.path);
      const clashes = new Set(tree.clashes());
      process.stdout.write(`Dry run: these ${files.length} files would be written to ${target}:\n`);
      for (const file of files) {
        process.stdout.write(`  ${file}${clashes.has(file) ? c.yellow(`  (existing file moved to ${backupDir}/)`) : ''}\n`);
      }
      process.stdout.write('Nothing was written.\n');
      return EXIT.ok;
    }
    try {
      committed = await tree.commit({ backupDir, signal: cancel.signal });
    } catch (error) {
      if (error instanceof ChangeCancelled) throw new CancelledError('Cancelled. Nothing was written.');
      throw new CliError(
        `Could not write the project: ${error instanceof Error ? error.message : String(error)}. Nothing was written to ${target}.`,
      );
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  process.stdout.write(`${c.green('✔')} Wrote ${committed.written.length} files to ${target}\n`);
  if (committed.backedUp.length > 0) {
    process.stdout.write(
      `${c.yellow('!')} Moved ${committed.backedUp.length} existing file(s) it replaced into ${backupDir}/: ${committed.backedUp.join(', ')}\n`,
    );
  }

  let failed = false;
  let warned = false;
  let installed = false;
  if (answers.install) {
    const spin = progress(`Installing dependencies with ${answers.packageManager}`);
    // A Ctrl-C stops the install, not this process: the files are written and the person
    // needs to know which command finishes the job.
    const stop = new AbortController();
    const onInstallSignal = () => stop.abort();
    process.once('SIGINT', onInstallSignal);
    process.once('SIGTERM', onInstallSignal);
    const result = await installDependencies(answers.packageManager, target, stop.signal).finally(() => {
      process.removeListener('SIGINT', onInstallSignal);
      process.removeListener('SIGTERM', onInstallSignal);
    });
    if (result.cancelled) {
      spin.fail('Install cancelled');
      throw new CancelledError(
        `Cancelled the install. The project files are in place in ${target}.\nTo finish: ${finishInstall(answers, target)}`,
      );
    }
    if (result.ok) {
      spin.succeed(`Installed dependencies with ${answers.packageManager}`);
      installed = true;
    } else {
      spin.fail('Installing dependencies failed');
      process.stderr.write(`${result.reason}\nThe project files are in place. To finish: ${finishInstall(answers, target)}\n`);
      failed = true;
    }
  }
  if (answers.git) {
    const message = 'Initial commit from create-secure-api';
    const result = await initGit(target, message);
    if ('commitFailed' in result) {
      // The project is complete and staged; only the commit is missing, which one command finishes.
      process.stderr.write(
        `${c.yellow('!')} Created a git repository with every file staged, but git refused the first commit:\n${result.output}\n` +
          `To finish, once git knows who you are: git -C ${shellPath(target)} commit -m "${message}"\n`,
      );
      warned = true;
    } else if (result.skipped) process.stdout.write(`${c.dim('-')} Skipped git: ${result.reason}\n`);
    else if (result.ok) process.stdout.write(`${c.green('✔')} Created a git repository with a first commit\n`);
    else {
      process.stderr.write(
        `${c.red('✖')} ${result.reason}\nThe project files are in place. To finish: git init && git add -A && git commit -m "Initial commit"\n`,
      );
      failed = true;
    }
  }
  const done = failed ? c.red('Finished with errors') : warned ? c.yellow('Done, with a warning') : c.green('Done');
  process.stdout.write(`\n${done} in ${formatDuration(Date.now() - started)}.\n\n${nextSteps(answers, target, installed)}\n`);
  return failed ? EXIT.failure : EXIT.ok;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof CancelledError) {
      process.stderr.write(`\n${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${c.red('error:')} ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    process.stderr.write(
      `${c.red('error:')} unexpected failure: ${error instanceof Error ? error.message : String(error)}\nNothing was written unless reported above.\n`,
    );
    return EXIT.failure;
  }
}
