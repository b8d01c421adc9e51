import { describe, expect, it } from 'vitest';
import { spawnServer, listeningAddress } from '../helpers/child-server.js';
import { testEnv } from '../helpers/env.js';
import { request } from '../helpers/http.js';

describe('SEC-P1 the server refuses to start with an unsafe configuration', () => {
  it('exits 1 naming the variable, without its value or a stack trace', async () => {
    const server = spawnServer(testEnv({ NODE_ENV: 'production', CORS_ORIGINS: '*', PORT: 'port-secret-value' }));
    expect(await server.exited).toBe(1);
    const stderr = server.stderr();
    expect(stderr).toContain('CORS_ORIGINS');
    expect(stderr).toContain('PORT');
    expect(stderr).not.toContain('port-secret-value');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(server.stdout()).not.toContain('listening');
  });
});

describe('GEN-3 graceful shutdown', () => {
  it('serves, then on SIGTERM stops and exits 0', async () => {
    const server = spawnServer(testEnv({ HOST: '127.0.0.1', PORT: '0' }));
    try {
      const address = await listeningAddress(server);
      expect((await request(address, 'GET', '/health')).status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain('"stopped"');
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
