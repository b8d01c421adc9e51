import { ANSWER_OPTIONS, isOffered, type AnswerOption } from '../../src/options.js';

export type Row = Readonly<Record<string, string>>;

/**
 * Rows in which every pair of values of two factors appears at least once (a covering
 * array of strength 2), built greedily: `seeds` come first (each completed like any row),
 * then each new row starts from a pair not covered yet and fills the other factors with
 * the values that cover the most uncovered pairs.
 */
export function pairwise(factors: Readonly<Record<string, readonly string[]>>, seeds: readonly Row[] = []): Row[] {
  const names = Object.keys(factors);
  const key = (a: string, va: string, b: string, vb: string) => `${a}=${va}|${b}=${vb}`;
  const uncovered = new Set<string>();
  names.forEach((a, i) => {
    for (const b of names.slice(i + 1))
      for (const va of factors[a] ?? []) for (const vb of factors[b] ?? []) uncovered.add(key(a, va, b, vb));
  });
  const pairsOf = (row: Record<string, string>) =>
    names.flatMap((a, i) =>
      names.slice(i + 1).flatMap((b) => (row[a] !== undefined && row[b] !== undefined ? [key(a, row[a], b, row[b])] : [])),
    );
  const rows: Row[] = [];
  if (names.length === 1) return (factors[names[0] as string] ?? []).map((value) => ({ [names[0] as string]: value }));
  const pending = [...seeds];
  while (uncovered.size > 0 || pending.length > 0) {
    const row: Record<string, string> = { ...pending.shift() };
    if (Object.keys(row).length === 0) {
      const [seed] = uncovered;
      const [left, right] = (seed as string).split('|') as [string, string];
      for (const part of [left, right]) {
        const [name, value] = part.split('=') as [string, string];
        row[name] = value;
      }
    }
    for (const name of names) {
      if (row[name] !== undefined) continue;
      let best = factors[name]?.[0] as string;
      let bestGain = -1;
      for (const value of factors[name] ?? []) {
        const gain = pairsOf({ ...row, [name]: value }).filter((pair) => uncovered.has(pair)).length;
        if (gain > bestGain) {
          best = value;
          bestGain = gain;
        }
      }
      row[name] = best;
    }
    for (const pair of pairsOf(row)) uncovered.delete(pair);
    rows.push(Object.fromEntries(names.map((name) => [name, row[name] as string])));
  }
  return rows;
}

/** The webhook receivers of a row: none, or one of every preset. */
const WEBHOOK_SETS: Readonly<Record<string, readonly string[]>> = {
  none: [],
  'every-preset': ['events:standard', 'payments:stripe', 'repo:github', 'chat:slack'],
};

/**
 * The answers that shape a generated project, with the values this version offers (install,
 * git and the package manager do not; resources are the matrix's own; webhooks are none or
 * one receiver of every preset).
 */
export function projectFactors(): Record<string, readonly string[]> {
  const factors: Record<string, readonly string[]> = {};
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    if (!isOffered(option) || ['packageManager', 'install', 'git'].includes(option.key)) continue;
    if (option.kind === 'choice') factors[option.key] = option.choices.map((choice) => choice.value);
    if (option.kind === 'boolean') factors[option.key] = option.available.map(String);
    if (option.kind === 'list' && option.key === 'webhooks') factors[option.key] = Object.keys(WEBHOOK_SETS);
  }
  return factors;
}

/** One row per framework with every optional feature on, which the pairs alone would not force. */
export function everythingOnSeeds(factors: Readonly<Record<string, readonly string[]>>): Row[] {
  const on: Record<string, string> = {};
  for (const [name, values] of Object.entries(factors)) {
    if (values.includes('true')) on[name] = 'true';
    if (name === 'webhooks') on[name] = 'every-preset';
  }
  return (factors.framework ?? []).map((framework) => ({ framework, ...on }));
}

/** The CLI flags of a row. */
export function rowFlags(row: Row): string[] {
  return Object.entries(row).flatMap(([key, value]) => {
    const option = (ANSWER_OPTIONS as readonly AnswerOption[]).find((candidate) => candidate.key === key);
    if (option === undefined) throw new Error(`no option ${key}`);
    if (option.kind === 'boolean') return [value === 'true' ? `--${option.flag}` : `--no-${option.flag}`];
    if (option.key === 'webhooks') return (WEBHOOK_SETS[value] ?? []).flatMap((receiver) => [`--${option.flag}`, receiver]);
    return [`--${option.flag}`, value];
  });
}

/** A row's name, usable as a folder and package name (`jwt+api-key` becomes `jwt-api-key`). */
export const rowName = (row: Row) => Object.values(row).join('-').replaceAll('+', '-');

/** The rows of the matrix: every pair of offered values, and every feature on once per framework. */
export function matrixRows(): Row[] {
  const factors = projectFactors();
  return pairwise(factors, everythingOnSeeds(factors));
}
