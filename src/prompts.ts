import { askResource } from '../generators/questions.js';
import { WEBHOOK_PRESETS, webhookNameProblem } from '../generators/webhook.js';
import { ANSWER_OPTIONS, type AnswerOption } from './options.js';
import { projectNameProblem, toValidPackageName } from './answers.js';
import { targetProblem } from './files.js';
import path from 'node:path';
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
  if (option.key === 'webhooks') {
    const webhooks: string[] = [];
    while (
      await p.confirm({
        message:
          webhooks.length === 0
            ? 'Add a webhook receiver (verifies Standard Webhooks, Stripe, GitHub or Slack signatures)?'
            : 'Add another webhook receiver?',
        default: false,
      })
    ) {
      const taken = new Set(webhooks.map((spec) => spec.split(':')[0]));
      const name = (
        await p.input({
          message: 'Webhook name (kebab-case, served at /webhooks/<name>):',
          validate: (value) =>
            asValidation(
              webhookNameProblem(value.trim()) ?? (taken.has(value.trim()) ? `"${value.trim()}" is already a webhook` : undefined),
            ),
        })
      ).trim();
      const preset = await p.select({
        message: `Signature format of ${name}:`,
        choices: WEBHOOK_PRESETS.map((value) => ({ value, name: value })),
      });
      webhooks.push(`${name}:${preset}`);
    }
    return webhooks;
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

export interface NameQuestions {
  /** Ask for the folder (no directory argument, no name in a config). */
  askDir: boolean;
  /** The folder given as an argument, checked before any question. */
  dir?: string;
  /** A package name was given (--name, a config): never ask for one. */
  hasName: boolean;
  force: boolean;
}

/**
 * Asks for every answer that no flag or config gave: first the folder (refused at once when
 * it is not empty) and, when the folder's name is no valid package name, the package name;
 * then the rest. `defaults` supplies each prompt's default. Returns only what was asked here.
 */
export async function promptMissing(
  given: Record<string, unknown>,
  defaults: Record<string, unknown>,
  names: NameQuestions,
): Promise<{ answers: Record<string, unknown>; dir?: string }> {
  const p = await import('@inquirer/prompts');
  const answers: Record<string, unknown> = {};
  let dir = names.dir;
  try {
    if (names.askDir) {
      dir = (
        await p.input({
          message: 'Project name:',
          default: 'my-api',
          validate: async (value) => {
            const name = value.trim();
            if (name === '') return 'a name is needed';
            const problem = await targetProblem(path.resolve(name), names.force);
            return problem ? `${problem.message} Choose another name, or run again with --force.` : true;
          },
        })
      ).trim();
    }
    const folderName = path.basename(path.resolve(dir ?? 'my-api'));
    if (!names.hasName && projectNameProblem(folderName) !== undefined) {
      answers.projectName = (
        await p.input({
          message: 'Package name:',
          default: toValidPackageName(folderName),
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
  return names.askDir && dir !== undefined ? { answers, dir } : { answers };
}
