import { describe, expect, it } from 'vitest';
import { matrixRows, pairwise, projectFactors, rowFlags } from '../helpers/covering.js';

function coveredPairs(rows: readonly Record<string, string>[], factors: Record<string, readonly string[]>): boolean {
  const names = Object.keys(factors);
  return names.every((a, i) =>
    names
      .slice(i + 1)
      .every((b) => (factors[a] ?? []).every((va) => (factors[b] ?? []).every((vb) => rows.some((row) => row[a] === va && row[b] === vb)))),
  );
}

describe('the matrix as a covering array', () => {
  it('covers every pair of values with far fewer rows than the full product', () => {
    const factors = {
      framework: ['fastify', 'express', 'hono'],
      auth: ['jwt', 'api-key', 'jwt+api-key', 'oidc'],
      db: ['sqlite', 'postgres'],
      store: ['memory', 'redis'],
      graphql: ['true', 'false'],
    };
    const rows = pairwise(factors);
    expect(coveredPairs(rows, factors)).toBe(true);
    expect(rows.length).toBeLessThanOrEqual(14);
    expect(rows.length).toBeGreaterThanOrEqual(12);
  });

  it('takes its factors from the option table: every offered value that shapes a project', () => {
    const factors = projectFactors();
    expect(factors.framework).toEqual(['fastify', 'express', 'hono']);
    expect(Object.keys(factors)).not.toContain('install');
    const rows = pairwise(factors);
    expect(coveredPairs(rows, factors)).toBe(true);
    expect(new Set(rows.map((row) => row.framework))).toEqual(new Set(['fastify', 'express', 'hono']));
    expect(rowFlags({ framework: 'hono', db: 'sqlite' })).toEqual(['--framework', 'hono', '--db', 'sqlite']);
  });

  it('has one row per framework with every feature on, and still covers every pair', () => {
    const factors = projectFactors();
    const rows = matrixRows();
    expect(coveredPairs(rows, factors)).toBe(true);
    for (const framework of factors.framework ?? []) {
      expect(rows).toContainEqual(expect.objectContaining({ framework, graphql: 'true', uploads: 'true', webhooks: 'every-preset' }));
    }
    expect(rows.length).toBeLessThanOrEqual(14);
    expect(rowFlags({ webhooks: 'every-preset' })).toEqual([
      '--webhook',
      'events:standard',
      '--webhook',
      'payments:stripe',
      '--webhook',
      'repo:github',
      '--webhook',
      'chat:slack',
    ]);
  });
});
