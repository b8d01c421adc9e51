import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** An invalid environment. The message names each variable and never includes its value. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(['Invalid configuration:', ...issues.map((issue) => `  ${issue.variable}: ${issue.message}`)].join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Schemas for environment variables. Messages never repeat the value, which may be a secret. */

const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

function formatMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

export const stringVar = (maxLength = 255) =>
  text('text')
    .min(1, { error: 'must not be empty' })
    .max(maxLength, { error: `must be at most ${maxLength} characters` });

export const integerVar = (min: number, max: number) =>
  text('a whole number')
    .regex(/^\d{1,10}$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

export const durationVar = (minMs: number, maxMs: number) =>
  text('a duration').transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 15m, 2h or 7d' });
      return z.NEVER;
    }
    if (ms < minMs || ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `must be between ${formatMs(minMs)} and ${formatMs(maxMs)}` });
      return z.NEVER;
    }
    return ms;
  });

export const sizeVar = (minBytes: number, maxBytes: number) =>
  text('a size').transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === undefined || bytes < minBytes || bytes > maxBytes) {
      ctx.addIssue({ code: 'custom', message: `must be a size between ${minBytes}b and ${maxBytes / 1_048_576}mb, such as 100kb` });
      return z.NEVER;
    }
    return bytes;
  });

/** A signing secret: at least 32 bytes. */
export const secretVar = () => text('text').refine((value) => Buffer.byteLength(value) >= 32, { error: 'must be at least 32 bytes long' });

/**
 * The listed variables of `env`, with empty values treated as unset so that `NAME=` in a
 * .env file means "use the default".
 */
export function pickVariables(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value;
  }
  return picked;
}
