import { describe, expect, it } from 'vitest';
import { parseQueryString } from '../../src/core/query-string.js';

describe('parseQueryString', () => {
  it('reads one value per parameter and every value of a repeated one', () => {
    expect({ ...parseQueryString('limit=20&cursor=abc') }).toEqual({ limit: '20', cursor: 'abc' });
    expect({ ...parseQueryString('tag=a&tag=b&tag=c') }).toEqual({ tag: ['a', 'b', 'c'] });
    expect({ ...parseQueryString('flag&empty=&&') }).toEqual({ flag: '', empty: '' });
  });

  it('keeps every value of a parameter repeated many times, in order', () => {
    const values = parseQueryString(Array.from({ length: 1_000 }, (_, index) => `a=${index}`).join('&')).a;
    expect(values).toHaveLength(1_000);
    expect(values?.[999]).toBe('999');
  });

  it('has no parameters for a missing or empty query string', () => {
    for (const search of [undefined, null, '', '&', '&&']) expect(Object.keys(parseQueryString(search))).toEqual([]);
  });

  it('decodes percent-encoding and plus signs, and keeps an encoding that does not decode', () => {
    expect({ ...parseQueryString('q=caf%C3%A9+au+lait&a%20b=1&x==y') }).toEqual({ q: 'café au lait', 'a b': '1', x: '=y' });
    expect({ ...parseQueryString('bad=%E0%A4%A&pct=100%') }).toEqual({ bad: '%E0%A4%A', pct: '100%' });
  });

  it('keeps __proto__, constructor and other Object.prototype names as plain own parameters', () => {
    const query = parseQueryString('__proto__=x&constructor=y&toString=z&hasOwnProperty=w&__proto__=v');
    expect(Object.keys(query)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(Object.getOwnPropertyDescriptor(query, '__proto__')?.value).toEqual(['x', 'v']);
    expect(query.constructor).toBe('y');
    expect(query.toString).toBe('z');
  });

  it('gives objects that inherit nothing', () => {
    const query = parseQueryString('limit=20');
    expect('toString' in query).toBe(false);
    expect('hasOwnProperty' in query).toBe(false);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(query))).toBeNull();
  });
});
