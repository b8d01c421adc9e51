import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/args.js';
import { renderHelp } from '../../src/help.js';
import { ANSWER_OPTIONS, isOffered, type AnswerOption } from '../../src/options.js';
import { UsageError } from '../../src/errors.js';

describe('option table', () => {
  it('feeds --help: every offered option appears, no unoffered one does', () => {
    const help = renderHelp('1.0.0');
    for (const option of ANSWER_OPTIONS as readonly AnswerOption[]) {
      if (isOffered(option)) expect(help).toContain(`--${option.flag}`);
      else expect(help).not.toContain(`--${option.flag} `);
    }
    expect(help).toContain('--dry-run');
    expect(help).toContain('--webhook <name:preset>');
  });

  it('feeds the argv parser', () => {
    const args = parseArgv(['api', '--framework', 'fastify', '--resource', 'a-b:x:int', '--resource', 'c-d:y:text', '--no-git', '-y']);
    expect(args).toMatchObject({
      dir: 'api',
      yes: true,
      answers: { framework: 'fastify', git: false, resources: ['a-b:x:int', 'c-d:y:text'] },
    });
  });

  it('refuses unknown flags, missing values and a second directory with exit code 2', () => {
    for (const argv of [['--bogus'], ['--framework'], ['a', 'b'], ['--webhook']]) {
      expect(() => parseArgv(argv), argv.join(' ')).toThrow(UsageError);
    }
  });
});
