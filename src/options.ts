// One table of options feeds the argv parser, --help, the prompts and the answers schema.
// Offering a new choice is adding a row (or a choice to a row), nothing else.

export interface Choice<V extends string = string> {
  value: V;
  label: string;
  hint: string;
}

interface OptionBase {
  /** Key in the answers object and in --config files. */
  key: string;
  /** Long flag name, without dashes. */
  flag: string;
  help: string;
  prompt: string;
}

export interface ChoiceOption extends OptionBase {
  kind: 'choice';
  choices: readonly Choice[];
  /** Value the user gets when they give none; `detect` options compute it at run time. */
  default: string;
  valueName: string;
}

export interface BooleanOption extends OptionBase {
  kind: 'boolean';
  default: boolean;
  /** Values offered in this version; a boolean with only `false` available is hidden. */
  available: readonly boolean[];
}

export interface ListOption extends OptionBase {
  kind: 'list';
  valueName: string;
  /** Whether this version offers the option at all. */
  offered: boolean;
}

export type AnswerOption = ChoiceOption | BooleanOption | ListOption;

export const FRAMEWORKS = [
  { value: 'fastify', label: 'Fastify', hint: 'plugins and hooks; the fastest of the three' },
  { value: 'express', label: 'Express', hint: 'Express 5 Routers and middleware; the most familiar' },
  { value: 'hono', label: 'Hono', hint: 'Web-standard Request/Response, on @hono/node-server' },
] as const satisfies readonly Choice[];

export const AUTH_STYLES = [
  { value: 'jwt', label: 'JWT', hint: 'short-lived access tokens + rotating refresh tokens' },
  { value: 'api-key', label: 'API keys', hint: 'hashed, scoped, expiring keys issued with npm run keys; no passwords' },
  { value: 'jwt+api-key', label: 'JWT + API keys', hint: 'JWT sign-in, and scoped API keys users create for their scripts' },
  { value: 'oidc', label: 'OIDC resource server', hint: 'access tokens from your identity provider, verified against its JWKS' },
] as const satisfies readonly Choice[];

export const DATABASES = [
  { value: 'sqlite', label: 'SQLite', hint: 'a file next to the app, no server to run' },
  { value: 'postgres', label: 'Postgres', hint: 'a Postgres server that several instances share (DATABASE_URL)' },
] as const satisfies readonly Choice[];

export const RATE_LIMIT_STORES = [
  { value: 'memory', label: 'In memory', hint: 'one instance; counts reset on restart' },
  { value: 'redis', label: 'Redis', hint: 'counts shared by every instance behind a load balancer (REDIS_URL)' },
] as const satisfies readonly Choice[];

export const PACKAGE_MANAGERS = [
  { value: 'npm', label: 'npm', hint: '' },
  { value: 'pnpm', label: 'pnpm', hint: '' },
  { value: 'yarn', label: 'yarn', hint: '' },
  { value: 'bun', label: 'bun', hint: '' },
] as const satisfies readonly Choice[];

export const DEFAULT_RESOURCE_SPEC = 'notes:title:string,body:text?';

export const ANSWER_OPTIONS = [
  {
    kind: 'choice',
    key: 'framework',
    flag: 'framework',
    valueName: 'name',
    choices: FRAMEWORKS,
    default: 'fastify',
    prompt: 'Which HTTP framework?',
    help: 'HTTP framework',
  },
  {
    kind: 'choice',
    key: 'auth',
    flag: 'auth',
    valueName: 'style',
    choices: AUTH_STYLES,
    default: 'jwt',
    prompt: 'How do clients authenticate?',
    help: 'authentication style',
  },
  {
    kind: 'list',
    key: 'resources',
    flag: 'resource',
    valueName: 'spec',
    offered: true,
    prompt: 'Resources (endpoints) to generate',
    help: `a resource, repeatable: name:field:type[,field:type]... (default with --yes: ${DEFAULT_RESOURCE_SPEC})`,
  },
  {
    kind: 'choice',
    key: 'db',
    flag: 'db',
    valueName: 'name',
    choices: DATABASES,
    default: 'sqlite',
    prompt: 'Which database?',
    help: 'database',
  },
  {
    kind: 'choice',
    key: 'rateLimitStore',
    flag: 'rate-limit-store',
    valueName: 'store',
    choices: RATE_LIMIT_STORES,
    default: 'memory',
    prompt: 'Where are rate-limit counts kept?',
    help: 'rate-limit store',
  },
  {
    kind: 'boolean',
    key: 'graphql',
    flag: 'graphql',
    default: false,
    available: [false, true],
    prompt: 'Add a GraphQL endpoint?',
    help: 'GraphQL endpoint at /graphql',
  },
  {
    kind: 'boolean',
    key: 'uploads',
    flag: 'uploads',
    default: false,
    available: [false, true],
    prompt: 'Add file uploads?',
    help: 'file uploads at /v1/uploads (type sniffed, size-limited, scanned by clamd)',
  },
  {
    kind: 'list',
    key: 'webhooks',
    flag: 'webhook',
    valueName: 'name:preset',
    offered: true,
    prompt: 'Webhook receivers',
    help: 'a webhook receiver at /webhooks/<name>, repeatable: name:standard|stripe|github|slack',
  },
  {
    kind: 'choice',
    key: 'packageManager',
    flag: 'package-manager',
    valueName: 'name',
    choices: PACKAGE_MANAGERS,
    default: 'detect',
    prompt: 'Which package manager installs it?',
    help: 'package manager (default: the one running this, else npm)',
  },
  {
    kind: 'boolean',
    key: 'install',
    flag: 'install',
    default: true,
    available: [true, false],
    prompt: 'Install dependencies now?',
    help: 'install dependencies',
  },
  {
    kind: 'boolean',
    key: 'git',
    flag: 'git',
    default: true,
    available: [true, false],
    prompt: 'Create a git repository with a first commit?',
    help: 'git init and a first commit',
  },
] as const satisfies readonly AnswerOption[];

export type AnswerKey = (typeof ANSWER_OPTIONS)[number]['key'];

export function optionByKey(key: string): AnswerOption | undefined {
  return (ANSWER_OPTIONS as readonly AnswerOption[]).find((o) => o.key === key);
}

export function isOffered(option: AnswerOption): boolean {
  if (option.kind === 'boolean') return option.available.length > 1;
  if (option.kind === 'list') return option.offered;
  return true;
}

/** Options that are not answers: they steer the run. */
export const RUN_OPTIONS = [
  { flag: 'name', short: undefined, valueName: 'package-name', help: "the package name, when the folder's name is not a valid one" },
  {
    flag: 'config',
    short: undefined,
    valueName: 'file',
    help: "read answers from a JSON file (same keys as the flags, or a project's secure-api.json)",
  },
  { flag: 'yes', short: 'y', valueName: undefined, help: 'never prompt; defaults for everything not given' },
  { flag: 'force', short: undefined, valueName: undefined, help: 'allow a non-empty directory; clashing files are backed up first' },
  { flag: 'dry-run', short: undefined, valueName: undefined, help: 'print the files that would be written; write nothing' },
  { flag: 'help', short: 'h', valueName: undefined, help: 'show this help' },
  { flag: 'version', short: 'v', valueName: undefined, help: 'show the version' },
] as const;
