import { askResource } from '../generators/questions.js';
import { ANSWER_OPTIONS, type AnswerOption } from './options.js';
import { projectNameProblem } from './answers.js';
import type { ResourceSpec as Resource } from '../generators/resource-spec.js';
import { CancelledError } from './errors.js';

type Prompts = typeof import('@inquirer/prompts');

const asValidation = (problem: string | undefined): string | true => problem ?? true;

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
