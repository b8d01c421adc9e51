import {
  FIELD_TYPES,
  validateEnumValues,
  validateFieldName,
  validateResourceName,
} from '../generators/resource-spec.js';
import { ANSWER_OPTIONS, type AnswerOption } from './options.js';
import { projectNameProblem } from './answers.js';
import type { FieldSpec as Field, ResourceSpec as Resource } from '../generators/resource-spec.js';
import { CancelledError } from './errors.js';

type Prompts = typeof import('@inquirer/prompts');

const TYPE_HINTS: Record<string, string> = {
  string: '1-255 characters',
  text: 'up to 10 000 characters',
  int: '32-bit integer',
  number: 'finite number',
  boolean: 'true or false',
  email: 'email address',
  url: 'http or https URL',
  uuid: 'UUID',
  datetime: 'ISO 8601 date-time',
  enum: 'one of a fixed list of values',
};

const asValidation = (problem: string | undefined): string | true => problem ?? true;

async function askResource(p: Prompts, taken: Set<string>): Promise<Resource> {
  const name = await p.input({
    message: 'Resource name (kebab-case, served at /v1/<name>):',
    validate: (value) =>
      asValidation(validateResourceName(value.trim()) ?? (taken.has(value.trim()) ? `"${value.trim()}" is already added` : undefined)),
  });
  const fields: Field[] = [];
  const fieldNames = new Set<string>();
  do {
    const fieldName = (
      await p.input({
        message: `Field ${fields.length + 1} of ${name.trim()}, name (camelCase):`,
        validate: (value) =>
          asValidation(
            validateFieldName(value.trim()) ?? (fieldNames.has(value.trim()) ? `"${value.trim()}" is already a field` : undefined),
          ),
      })
    ).trim();
    const type = await p.select({
      message: `Type of ${fieldName}:`,
      choices: FIELD_TYPES.map((t) => ({ value: t, name: t, description: TYPE_HINTS[t] })),
    });
    const field: Field = { name: fieldName, type, optional: false };
    if (type === 'enum') {
      const raw = await p.input({
        message: `Values of ${fieldName}, separated by "|" (e.g. draft|sent|paid):`,
        validate: (value) => asValidation(validateEnumValues(value.split('|').map((v) => v.trim()))),
      });
      field.values = raw.split('|').map((v) => v.trim());
    }
    field.optional = await p.confirm({ message: `Is ${fieldName} optional?`, default: false });
    fields.push(field);
    fieldNames.add(fieldName);
  } while (fields.length < 40 && (await p.confirm({ message: `Add another field to ${name.trim()}?`, default: false })));
  return { name: name.trim(), fields };
}

async function askOption(p: Prompts, option: AnswerOption, fallback: unknown): Promise<unknown> {
  if (option.kind === 'choice') {
    return p.select({
      message: option.prompt,
      choices: option.choices.map((choice) => ({ value: choice.value, name: choice.label, description: choice.hint || undefined })),
      default: fallback as string,
    });
  }
  if (option.kind === 'boolean') return p.confirm({ message: option.prompt, default: fallback as boolean });
  if (option.key === 'resources') {
    const resources: Resource[] = [];
    const taken = new Set<string>();
    while (
      await p.confirm({
        message: resources.length === 0 ? 'Add a resource (an owner-scoped CRUD endpoint)?' : 'Add another resource?',
        default: resources.length === 0,
      })
    ) {
      const resource = await askResource(p, taken);
      resources.push(resource);
      taken.add(resource.name);
    }
    return resources;
  }
  return fallback;
}

/** Whether an option is worth a question: it must offer a real choice. */
function askable(option: AnswerOption): boolean {
  if (option.key === 'packageManager') return false;
  if (option.kind === 'choice') return option.choices.length > 1;
  if (option.kind === 'boolean') return option.available.length > 1;
  return option.offered;
}

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

/**
 * Asks for every answer that no flag or config gave. `defaults` supplies each prompt's
 * default. Returns only the answers the user gave here.
 */
export async function promptMissing(
  given: Record<string, unknown>,
  defaults: Record<string, unknown>,
  askName: boolean,
): Promise<{ answers: Record<string, unknown>; dir?: string }> {
  const p = await import('@inquirer/prompts');
  const answers: Record<string, unknown> = {};
  let dir: string | undefined;
  try {
    if (askName) {
      dir = (
        await p.input({
          message: 'Project name:',
          default: 'my-api',
          validate: (value) => asValidation(projectNameProblem(value.trim())),
        })
      ).trim();
    }
    for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
      if (option.key in given || !askable(option)) continue;
      answers[option.key] = await askOption(p, option, defaults[option.key]);
    }
  } catch (error) {
    if (isCancel(error)) throw new CancelledError();
    throw error;
  }
  return dir === undefined ? { answers } : { answers, dir };
}
