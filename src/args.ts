import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ANSWER_OPTIONS, RUN_OPTIONS, isOffered, type AnswerOption } from './options.js';
import { UsageError } from './errors.js';

export interface ParsedArgs {
  dir: string | undefined;
  /** Answers given as flags, keyed by answer key; only what the user typed. */
  answers: Record<string, unknown>;
  config: string | undefined;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  help: boolean;
  version: boolean;
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

function parserOptions(): OptionSpec {
  const options: OptionSpec = {};
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    if (option.kind === 'boolean') options[option.flag] = { type: 'boolean' };
    else if (option.kind === 'list') options[option.flag] = { type: 'string', multiple: true };
    else options[option.flag] = { type: 'string' };
  }
  for (const option of RUN_OPTIONS) {
    const short = option.short ? { short: option.short } : {};
    options[option.flag] = option.valueName ? { type: 'string', ...short } : { type: 'boolean', ...short };
  }
  return options;
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option ${flag}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'only one directory may be given';
  return message.replace(/^Option /, 'option ').replace(/\. To specify.*$/s, '');
}

/** Options that are npm's own settings too: npm keeps them for `npm create -y` as well, so alone they prove nothing. */
const NPM_OWN = new Set(['yes', 'force']);

/**
 * `npm create secure-api my-api --framework hono` (no `--`): npm keeps every option for
 * itself, passes their values on as positionals and leaves `npm_config_<name>` behind. Returns
 * the options it kept, as typed, and how to write them after `--`.
 */
export function optionsKeptByNpm(env: NodeJS.ProcessEnv): { kept: string[]; retyped: string[]; certain: boolean } {
  const kept: string[] = [];
  const retyped: string[] = [];
  let certain = false;
  if (env.npm_command !== 'exec') return { kept, retyped, certain };
  const value = (flag: string) => env[`npm_config_${flag.replace(/-/g, '_')}`];
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    const given = value(option.flag);
    if (given === undefined) continue;
    if (option.kind === 'boolean') {
      // npm's own `git` setting names a program; only true/false come from our flag.
      if (given !== 'true' && given !== 'false' && given !== '') continue;
      const flag = given === 'true' ? `--${option.flag}` : `--no-${option.flag}`;
      kept.push(flag);
      retyped.push(flag);
    } else {
      kept.push(`--${option.flag}`);
      retyped.push(`--${option.flag} <${option.valueName}>`);
    }
    certain = true;
  }
  for (const option of RUN_OPTIONS) {
    if (option.flag === 'help' || option.flag === 'version' || value(option.flag) === undefined) continue;
    kept.push(option.short ? `-${option.short}/--${option.flag}` : `--${option.flag}`);
    retyped.push(option.valueName ? `--${option.flag} <${option.valueName}>` : `--${option.flag}`);
    if (!NPM_OWN.has(option.flag)) certain = true;
  }
  return { kept, retyped, certain };
}

export function parseArgv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: parserOptions(),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error), 'Run with --help to see every option.');
  }
  const values = parsed.values as Record<string, unknown>;
  const npm = optionsKeptByNpm(env);
  if (npm.kept.length > 0 && (npm.certain || parsed.positionals.length > 1)) {
    const strays = parsed.positionals.slice(1);
    throw new UsageError(
      `npm kept these options for itself: ${npm.kept.join(', ')}${strays.length > 0 ? ` (and passed their values on as directories: ${strays.map((p) => JSON.stringify(p)).join(', ')})` : ''}`,
      `Put options after \`--\`: npm create secure-api@latest ${parsed.positionals[0] ?? '<dir>'} -- ${npm.retyped.join(' ')}`,
    );
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(
      `only one directory may be given, got ${parsed.positionals.length}: ${parsed.positionals.map((p) => JSON.stringify(p)).join(', ')}`,
    );
  }
  const answers: Record<string, unknown> = {};
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    const value = values[option.flag];
    if (value === undefined) continue;
    if (option.kind === 'list' && !isOffered(option)) {
      throw new UsageError(`--${option.flag} is not available in this version of create-secure-api`);
    }
    answers[option.key] = value;
  }
  if (typeof values.name === 'string') answers.projectName = values.name;
  const flag = (name: string) => values[name] === true;
  return {
    dir: parsed.positionals[0],
    answers,
    config: typeof values.config === 'string' ? values.config : undefined,
    yes: flag('yes'),
    force: flag('force'),
    dryRun: flag('dry-run'),
    help: flag('help'),
    version: flag('version'),
  };
}
