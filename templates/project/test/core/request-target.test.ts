import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, MAX_QUERY_PARAMETERS } from '../../src/core/http-policy.js';
import { requestTargetError } from '../../src/core/request-target.js';

const statusOf = (url: string) => requestTargetError(url)?.status;

describe('requestTargetError', () => {
  it('accepts plain paths, dots inside names, encoded reserved characters and queries within the caps', () => {
    for (const url of [
      '/',
      '/v1/notes',
      '/v1/notes?limit=20&cursor=abc',
      '/v1/a%20b',
      '/%E2%82%AC',
      '/v1/x.json',
      '/.well-known/x',
      '/v1/.../x',
      '/v1/..x/y',
      '/v1/notes?a=../..&b=%2e%2e',
      `/v1/notes?${'a&'.repeat(MAX_QUERY_PARAMETERS - 1)}a`,
      `/v1/notes?${'x'.repeat(MAX_QUERY_LENGTH)}`,
    ]) {
      expect(requestTargetError(url), url).toBeUndefined();
    }
  });

  it('refuses a percent-escape that does not decode with 400', () => {
    for (const url of ['/v1/x/%E0%A4%A', '/%ZZ', '/a%', '/a%4', '/%C0%80']) expect(statusOf(url), url).toBe(400);
  });

  it('refuses dot segments, backslashes and encoded dots, slashes, backslashes and unreserved characters with 400', () => {
    for (const url of [
      '/v1/x/../admin/users',
      '/v1/x/./notes',
      '/v1/notes/..',
      '/v1/notes/.',
      '/v1/notes/..?limit=1',
      '/..',
      '/v1/x/%2e%2e/admin/users',
      '/v1/x/%2E%2E/admin/users',
      '/v1/x/.%2e/admin/users',
      '/v1/x%2f..%2fadmin/users',
      '/v1%2Fnotes',
      '/v1%5cnotes',
      '/v1\\notes',
      '/v1/%6eotes',
      '/v1/note%73',
      '/h%65alth',
      '/v1/notes%7e',
      '/v1/notes%2d',
    ]) {
      expect(statusOf(url), url).toBe(400);
    }
  });

  it(`answers a query over ${MAX_QUERY_LENGTH} characters with 414 and more than ${MAX_QUERY_PARAMETERS} parameters with 400`, () => {
    expect(statusOf(`/health?${'x'.repeat(MAX_QUERY_LENGTH + 1)}`)).toBe(414);
    expect(statusOf(`/health?${'a&'.repeat(8_000)}`)).toBe(414);
    expect(statusOf(`/health?${'a&'.repeat(MAX_QUERY_PARAMETERS)}a`)).toBe(400);
    expect(requestTargetError(`/health?${'a&'.repeat(MAX_QUERY_PARAMETERS)}a`)?.detail).toContain(String(MAX_QUERY_PARAMETERS));
  });
});
