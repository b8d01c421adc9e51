import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/core/errors.js';
import { parseJsonBody } from '../../src/core/json.js';

function codeOf(text: string): string | undefined {
  try {
    parseJsonBody(text);
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.code : 'unexpected';
  }
}

describe('parseJsonBody', () => {
  it('parses ordinary JSON, including words that merely contain the forbidden keys', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('{"text":"the constructor of a prototype"}')).toEqual({ text: 'the constructor of a prototype' });
    expect(parseJsonBody('{"name":"caf\\u00e9"}')).toEqual({ name: 'café' });
  });

  it.each([
    '{"__proto__":{"polluted":true}}',
    '{"a":{"constructor":{"prototype":{"polluted":true}}}}',
    '[{"prototype":1}]',
    '{"\\u005f\\u005fproto\\u005f\\u005f":1}',
    '{"constructo\\u0072":1}',
  ])('refuses forbidden keys in %s', (text) => {
    expect(codeOf(text)).toBe('forbidden_json_key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['', '{', '{"a":1,}', 'undefined', "{'a':1}"])('refuses malformed JSON %j', (text) => {
    expect(codeOf(text)).toBe('malformed_json');
  });
});
