// The questions that build a resource field by field. One flow for the CLI (@inquirer/prompts)
// and for `npm run gen` (plop's inquirer), so both ask the same things with the same checks.
//
// `ask` adapts a prompt library: { input({message, validate, default}), select({message, choices}),
// confirm({message, default}) }, each returning a promise of the answer.

import {
  FIELD_TYPES,
  MAX_FIELDS,
  ResourceSpecError,
  parseResourceSpec,
  validateEnumValues,
  validateFieldName,
  validateResourceName,
} from './resource-spec.js';

export const TYPE_HINTS = Object.freeze({
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
});

const asValidation = (problem) => problem ?? true;

/** A whole spec typed or pasted at the name prompt ("tasks:title:string,done:boolean?"), or a problem with it. */
function specAtNamePrompt(value) {
  try {
    return { resource: parseResourceSpec(value) };
  } catch (error) {
    if (error instanceof ResourceSpecError) return { problem: error.message };
    throw error;
  }
}

/** Asks for one resource. `taken` lists resource names that already exist. */
export async function askResource(ask, taken = new Set()) {
  const answer = (
    await ask.input({
      message: 'Resource name (kebab-case, served at /v1/<name>), or a whole spec (name:field:type,...):',
      validate: (value) => {
        const text = value.trim();
        const spec = text.includes(':') ? specAtNamePrompt(text) : undefined;
        if (spec?.problem) return spec.problem;
        const name = spec?.resource.name ?? text;
        return asValidation(validateResourceName(name) ?? (taken.has(name) ? `"${name}" already exists` : undefined));
      },
    })
  ).trim();
  if (answer.includes(':')) return parseResourceSpec(answer);
  const name = answer;
  const fields = [];
  const fieldNames = new Set();
  do {
    const fieldName = (
      await ask.input({
        message: `Field ${fields.length + 1} of ${name}, name (camelCase):`,
        validate: (value) =>
          asValidation(
            validateFieldName(value.trim()) ?? (fieldNames.has(value.trim()) ? `"${value.trim()}" is already a field` : undefined),
          ),
      })
    ).trim();
    const type = await ask.select({
      message: `Type of ${fieldName}:`,
      choices: FIELD_TYPES.map((t) => ({ value: t, name: t, description: TYPE_HINTS[t] })),
    });
    const field = { name: fieldName, type, optional: false };
    if (type === 'enum') {
      const raw = await ask.input({
        message: `Values of ${fieldName}, separated by "|" (e.g. draft|sent|paid):`,
        validate: (value) => asValidation(validateEnumValues(value.split('|').map((v) => v.trim()))),
      });
      field.values = raw.split('|').map((v) => v.trim());
    }
    field.optional = await ask.confirm({ message: `Is ${fieldName} optional?`, default: false });
    fields.push(field);
    fieldNames.add(fieldName);
  } while (fields.length < MAX_FIELDS && (await ask.confirm({ message: `Add another field to ${name}?`, default: false })));
  return { name, fields };
}

/** Adapts plop's inquirer (the classic `inquirer.prompt([question])` API). */
export function classicInquirerAsk(inquirer) {
  const one = async (question) => (await inquirer.prompt([{ ...question, name: 'value' }])).value;
  return {
    input: ({ message, validate, default: initial }) => one({ type: 'input', message, validate, default: initial }),
    select: ({ message, choices }) =>
      one({
        type: 'list',
        message,
        choices: choices.map((c) => ({ value: c.value, name: c.description ? `${c.name}  (${c.description})` : c.name })),
      }),
    confirm: ({ message, default: initial }) => one({ type: 'confirm', message, default: initial }),
  };
}
