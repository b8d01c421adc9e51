// zod/mini: the same schemas and errors as classic Zod in a fraction of the code a scaffold
// has to load before it can check its first flag.
import * as z from 'zod/mini';
import validateNpmName from 'validate-npm-package-name';
import { ResourceSpecError, parseResourceSpec, validateResource, validateResources } from '../generators/resource-spec.js';
import { validateWebhooks, formatWebhookSpec } from '../generators/webhook.js';
import { ANSWER_OPTIONS, DEFAULT_RESOURCE_SPEC, type AnswerOption, type ChoiceOption } from './options.js';
import { UsageError } from './errors.js';

export type { FieldSpec as Field, ResourceSpec as Resource } from '../generators/resource-spec.js';
import type { ResourceSpec as Resource } from '../generators/resource-spec.js';

export type Source = 'flag' | 'config' | 'prompt' | 'default';

export function projectNameProblem(name: string): string | undefined {
  const result = validateNpmName(name);
  if (result.validForNewPackages) return undefined;
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return reasons[0] ?? 'it is not a valid npm package name';
}

/** A folder name made into a package name, as create-vite does: "My API" gives "my-api". */
export function toValidPackageName(name: string): string {
  const made = name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z\d\-~]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return made === '' || projectNameProblem(made) ? 'my-api' : made;
}

const resourceInput = z.union([z.string(), z.record(z.string(), z.unknown())]);

function resourcesSchema() {
  return z.pipe(
    z.array(resourceInput).check(z.maxLength(50, 'at most 50 resources')),
    z.transform((items: z.infer<typeof resourceInput>[], ctx): Resource[] => {
      try {
        const parsed = items.map((item) => (typeof item === 'string' ? parseResourceSpec(item) : validateResource(item)));
        return validateResources(parsed);
      } catch (error) {
        if (!(error instanceof ResourceSpecError)) throw error;
        ctx.issues.push({ code: 'custom', message: error.message, input: items });
        return z.NEVER;
      }
    }),
  );
}

/** `name:preset` entries, each valid, no name twice; kept as `name:preset` text. */
function webhooksSchema() {
  return z.pipe(
    z.array(z.string()),
    z.transform((items: string[], ctx): string[] => {
      try {
        return validateWebhooks(items).map(formatWebhookSpec);
      } catch (error) {
        if (!(error instanceof ResourceSpecError)) throw error;
        ctx.issues.push({ code: 'custom', message: error.message, input: items });
        return z.NEVER;
      }
    }),
  );
}

function optionSchema(option: AnswerOption) {
  switch (option.kind) {
    case 'choice': {
      const values = option.choices.map((c) => c.value) as [string, ...string[]];
      return z.enum(values);
    }
    case 'boolean':
      return z.boolean().check(z.refine((v) => option.available.includes(v), { message: 'not available in this version' }));
    case 'list':
      if (option.key === 'resources') return resourcesSchema();
      if (option.key === 'webhooks') return webhooksSchema();
      return z.array(z.string()).check(z.maxLength(0, 'not available in this version'));
  }
}

/** The value an option gives, by its kind: a choice's values, a boolean, or a list. */
type OptionValue<O> = O extends { kind: 'choice'; choices: readonly { value: infer V }[] }
  ? V
  : O extends { kind: 'boolean' }
    ? boolean
    : O extends { key: 'resources' }
      ? Resource[]
      : string[];

type AnswerShape = { projectName: z.ZodMiniType<string>; apiKeyPrefix: z.ZodMiniOptional<z.ZodMiniType<string>> } & {
  [O in (typeof ANSWER_OPTIONS)[number] as O['key']]: z.ZodMiniType<OptionValue<O>>;
};

const shape: Record<string, z.ZodMiniType> = {
  projectName: z.string().check(
    z.superRefine((name, ctx) => {
      const problem = projectNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ),
};
for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) shape[option.key] = optionSchema(option);
/** The prefix of the project's API keys, fixed at generation (secure-api.json records it); derived from the name when absent. */
shape.apiKeyPrefix = z.optional(z.string().check(z.regex(/^[a-z0-9]{2,10}$/, 'must be 2 to 10 of a-z and 0-9')));

/** The one schema every answer passes, whatever its source; built from the option table, typed by it. */
export const answersSchema = z.strictObject(shape as AnswerShape);
const partialAnswersSchema = z.partial(answersSchema);

/** Validated answers: the output of the schema. */
export type Answers = z.output<typeof answersSchema>;

function accepted(option: AnswerOption | undefined): string {
  if (!option) return '';
  if (option.kind === 'choice') return `; accepted: ${(option as ChoiceOption).choices.map((c) => c.value).join(', ')}`;
  if (option.kind === 'boolean') {
    return `; accepted: ${option.available.map((v) => (v ? `--${option.flag}` : `--no-${option.flag}`)).join(', ')}`;
  }
  return '';
}

function where(key: string, source: Source | undefined, configPath?: string): string {
  const option = (ANSWER_OPTIONS as readonly AnswerOption[]).find((o) => o.key === key);
  if (key === 'projectName') return source === 'config' ? `"projectName" in ${configPath}` : 'project name';
  if (source === 'config') return `"${key}" in ${configPath ?? 'the config file'}`;
  return option ? `--${option.flag}` : key;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Turns Zod issues into one message naming the flag (or config key), the value and what is accepted. */
export function describeIssues(
  error: z.core.$ZodError,
  input: Record<string, unknown>,
  sources: Record<string, Source>,
  configPath?: string,
): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      if (issue.code === 'unrecognized_keys') {
        const known = ['projectName', ...ANSWER_OPTIONS.map((o) => o.key)].join(', ');
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} in ${configPath ?? 'the answers'}; known keys: ${known}`;
      }
      const option = (ANSWER_OPTIONS as readonly AnswerOption[]).find((o) => o.key === key);
      const label = where(key, sources[key], configPath);
      const value = input[key];
      if (issue.code === 'invalid_value' || (option?.kind === 'boolean' && issue.code === 'custom')) {
        return `${label}: ${show(value)} is not accepted${accepted(option)}`;
      }
      if (issue.code === 'invalid_type') {
        return `${label}: ${show(value)} is not ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}${accepted(option)}`;
      }
      const detail = issue.path.length > 1 ? ` (item ${String(issue.path[1])})` : '';
      return key === 'resources' || key === 'webhooks' || key === 'projectName'
        ? `${label}${detail}: ${issue.message}${key === 'projectName' ? ` (got ${show(value)})` : ''}`
        : `${label}: ${show(value)}: ${issue.message}${accepted(option)}`;
    })
    .join('\n');
}

/** Validates the answers given so far (any subset) so mistakes surface before any prompt. */
export function checkPartial(input: Record<string, unknown>, sources: Record<string, Source>, configPath?: string): void {
  const result = partialAnswersSchema.safeParse(input);
  if (!result.success) throw new UsageError(describeIssues(result.error, input, sources, configPath));
}

export function finalizeAnswers(input: Record<string, unknown>, sources: Record<string, Source>, configPath?: string): Answers {
  const result = answersSchema.safeParse(input);
  if (!result.success) throw new UsageError(describeIssues(result.error, input, sources, configPath));
  return result.data;
}

export function defaultValue(option: AnswerOption, detectedPackageManager: string): unknown {
  if (option.kind === 'choice') return option.default === 'detect' ? detectedPackageManager : option.default;
  if (option.kind === 'boolean') return option.default;
  return option.key === 'resources' ? [DEFAULT_RESOURCE_SPEC] : [];
}
