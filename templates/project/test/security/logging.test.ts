import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly requestId?: string;
  readonly method?: string;
  readonly route?: string | null;
  readonly status?: number;
  readonly durationMs?: number;
  readonly userId?: string;
}

describe('SEC-L1 logs', () => {
  let server: TestServer;
  let user: TestUser;
  const entries = () => server.logs.map((line) => JSON.parse(line) as LogEntry);
  const responseLine = (requestId: string | null) => entries().find((entry) => entry.requestId === requestId && entry.status !== undefined);

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  afterAll(() => server.close());

  it('are JSON lines, one per response, with request id, method, route, status and duration', async () => {
    const response = await request(server.url, 'GET', signedInRoute.path, { headers: user.headers });
    expect(response.status).toBe(200);
    expect(responseLine(response.headers.get('x-request-id'))).toMatchObject({
      level: 'info',
      method: 'GET',
      route: signedInRoute.path,
      status: 200,
      durationMs: expect.any(Number),
      userId: user.id,
    });
  });

  it('log refused requests (401) at warn', async () => {
    const response = await request(server.url, 'GET', signedInRoute.path, { headers: { authorization: 'Bearer forged' } });
    expect(response.status).toBe(401);
    expect(responseLine(response.headers.get('x-request-id'))).toMatchObject({ level: 'warn', status: 401 });
  });

  it('never contain credentials, Authorization or Cookie headers, query strings or bodies', async () => {
    await request(server.url, 'GET', `${signedInRoute.path}?access_token=url-secret-value`, {
      headers: { ...user.headers, cookie: 'session=cookie-secret-value' },
    });
    await request(server.url, 'POST', '/v1/admin/users', { json: { note: 'body-secret-value' }, headers: user.headers });
    const text = server.logs.join('');
    for (const secret of [...Object.values(user.headers), 'url-secret-value', 'cookie-secret-value', 'body-secret-value']) {
      expect(text).not.toContain(secret.replace(/^Bearer /, ''));
    }
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(text.toLowerCase()).not.toContain('bearer');
    expect(text).not.toContain(user.email);
  });
});
