import { describe, expect, it } from 'vitest';
import { answersSchema, checkPartial, finalizeAnswers } from '../../src/answers.js';
import { UsageError } from '../../src/errors.js';

const complete = {
  projectName: 'my-api',
  framework: 'fastify',
  auth: 'jwt',
  resources: ['notes:title:string,body:text?'],
  db: 'sqlite',
  rateLimitStore: 'memory',
  graphql: false,
  uploads: false,
  webhooks: [],
  packageManager: 'npm',
  install: false,
  git: false,
};

describe('answers schema', () => {
  it('accepts a complete answer set and turns resource specs into structures', () => {
    const answers = finalizeAnswers(complete, {});
    expect(answers.resources).toEqual([
      {
        name: 'notes',
        fields: [
          { name: 'title', type: 'string', optional: false },
          { name: 'body', type: 'text', optional: true },
        ],
      },
    ]);
  });

  it('accepts resources given as objects (config files)', () => {
    const answers = finalizeAnswers({ ...complete, resources: [{ name: 'tags', fields: [{ name: 'label', type: 'string' }] }] }, {});
    expect(answers.resources[0]?.fields[0]).toEqual({ name: 'label', type: 'string', optional: false });
  });

  it('names the flag, the value and what is accepted', () => {
    expect(() => checkPartial({ framework: 'koa' }, { framework: 'flag' })).toThrow(
      '--framework: "koa" is not accepted; accepted: fastify, express, hono',
    );
    expect(() => checkPartial({ rateLimitStore: 'memcached' }, { rateLimitStore: 'flag' })).toThrow(
      '--rate-limit-store: "memcached" is not accepted; accepted: memory, redis',
    );
  });

  it('names the config key when the value came from a config file', () => {
    expect(() => checkPartial({ db: 'mysql' }, { db: 'config' }, 'answers.json')).toThrow(
      '"db" in answers.json: "mysql" is not accepted; accepted: sqlite',
    );
    expect(() => checkPartial({ install: 'yes' }, { install: 'config' }, 'a.json')).toThrow('"install" in a.json: "yes" is not a boolean');
  });

  it('refuses invalid project names with the npm rule that failed', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ in a name must be refused
    for (const name of ['My-API', '../x', 'a/b', 'a b', '{{x}}', '${x}', 'x'.repeat(215), '.hidden', 'nоde']) {
      const error = (() => {
        try {
          finalizeAnswers({ ...complete, projectName: name }, { projectName: 'flag' });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, name).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toMatch(/^project name: /);
    }
  });

  it('is strict: unknown keys are refused', () => {
    expect(answersSchema.safeParse({ ...complete, role: 'admin' }).success).toBe(false);
  });
});
