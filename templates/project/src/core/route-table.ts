import type { Operation } from './operation.js';

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface Pattern {
  readonly segments: readonly (string | null)[];
  readonly allow: string;
}

function segmentsOf(path: string): (string | null)[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => (segment.startsWith('{') && segment.endsWith('}') ? null : segment));
}

/**
 * Which methods each path serves, for 405 answers: a request to a known path with
 * another method gets 405 with `Allow`; a request to an unknown path gets 404.
 * GET implies HEAD; OPTIONS is always answered.
 */
export class RouteTable {
  private readonly patterns: Pattern[];

  constructor(operations: readonly Pick<Operation, 'method' | 'path'>[]) {
    const methods = new Map<string, Set<string>>();
    for (const { method, path } of operations) {
      const set = methods.get(path) ?? new Set(['OPTIONS']);
      set.add(method);
      if (method === 'GET') set.add('HEAD');
      methods.set(path, set);
    }
    this.patterns = [...methods].map(([path, set]) => ({
      segments: segmentsOf(path),
      allow: METHOD_ORDER.filter((method) => set.has(method)).join(', '),
    }));
  }

  /** The `Allow` value for a request path (no query string), or undefined when no route has it. */
  allowFor(path: string): string | undefined {
    const segments = path.split('/').slice(1);
    const match = this.patterns.find(
      (pattern) =>
        pattern.segments.length === segments.length &&
        pattern.segments.every((expected, index) => (expected === null ? (segments[index] ?? '') !== '' : expected === segments[index])),
    );
    return match?.allow;
  }
}
