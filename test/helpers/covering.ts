import { ANSWER_OPTIONS, isOffered, type AnswerOption } from '../../src/options.js';

export type Row = Readonly<Record<string, string>>;

/**
 * Rows in which every pair of values of two factors appears at least once (a covering
 * array of strength 2), built greedily: each new row starts from a pair not covered yet and
 * fills the other factors with the values that cover the most uncovered pairs.
 */
export function pairwise(factors: Readonly<Record<string, readonly string[]>>): Row[] {
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
  while (uncovered.size > 0) {
    const [seed] = uncovered;
    const [left, right] = (seed as string).split('|') as [string, string];
    const row: Record<string, string> = {};
    for (const part of [left, right]) {
      const [name, value] = part.split('=') as [string, string];
      row[name] = value;
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
    rows.push(row);
  }
  return rows;
}

/** The answers that shape a generated project, with the values this version offers (install, git and the package manager do not). */
export function projectFactors(): Record<string, readonly string[]> {
  const factors: Record<string, readonly string[]> = {};
  for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
    if (!isOffered(option) || ['packageManager', 'install', 'git'].includes(option.key)) continue;
    if (option.kind === 'choice') factors[option.key] = option.choices.map((choice) => choice.value);
    if (option.kind === 'boolean') factors[option.key] = option.available.map(String);
  }
  return factors;
}

/** The CLI flags of a row. */
export function rowFlags(row: Row): string[] {
  return Object.entries(row).flatMap(([key, value]) => {
    const option = (ANSWER_OPTIONS as readonly AnswerOption[]).find((candidate) => candidate.key === key);
    if (option === undefined) throw new Error(`no option ${key}`);
    if (option.kind === 'boolean') return [value === 'true' ? `--${option.flag}` : `--no-${option.flag}`];
    return [`--${option.flag}`, value];
  });
}

/** A row's name, usable as a folder and package name (`jwt+api-key` becomes `jwt-api-key`). */
export const rowName = (row: Row) => Object.values(row).join('-').replaceAll('+', '-');
