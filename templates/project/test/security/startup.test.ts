import { describe, expect, it } from 'vitest';
import { spawnServer, listeningAddress } from '../helpers/child-server.js';
import { testEnv } from '../helpers/env.js';
import { request } from '../helpers/http.js';

describe('SEC-P1 the server refuses to start with an unsafe configuration', () => {
  it('exits 1 naming the variable, without any value or a stack trace', async () => {
    const env = testEnv({ NODE_ENV: 'production', CORS_ORIGINS: '*' });
    const server = spawnServer(env);
    expect(await server.exited).toBe(1);
    const stderr = server.stderr();
    expect(stderr).toMatch(/^Invalid configuration:\n {2}CORS_ORIGINS: /);
    for (const value of Object.values(env).filter((value) => value.length >= 32)) expect(stderr).not.toContain(value);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(server.stdout()).not.toContain('listening');
  });

  it('exits 1 on a malformed variable, naming it without its value', async () => {
    const server = spawnServer(testEnv({ DATABASE_URL: 'mysql://admin:hunter2-secret@db/app' }));
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toMatch(/^Invalid configuration:\n {2}DATABASE_URL: /);
    expect(server.stderr()).not.toContain('hunter2-secret');
  });
});

describe('TRUST_PROXY that would trust every address', () => {
  it.each(['0.0.0.0/0', '0.0.0.0/1,128.0.0.0/1', '99'])(
    'TRUST_PROXY=%s: exits 1 with a config error, not a library error',
    async (value) => {
      const server = spawnServer(testEnv({ HOST: '127.0.0.1', PORT: '0', TRUST_PROXY: value }));
      try {
        expect(await server.exited).toBe(1);
        expect(server.stderr()).toMatch(/^Invalid configuration:\n {2}TRUST_PROXY: /);
        expect(server.stderr()).not.toMatch(/^\s+at /m);
        expect(server.stdout()).not.toContain('listening');
      } finally {
        server.child.kill('SIGKILL');
      }
    },
  );
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

describe('SEC-L1 log lines on stdout', () => {
  const linesOf = (stdout: string, requestId: string) => stdout.split('\n').filter((line) => line.includes(`"requestId":"${requestId}"`));

  it('reach stdout within a second when the server is idle, and none is lost at exit', async () => {
    const server = spawnServer(testEnv({ HOST: '127.0.0.1', PORT: '0' }));
    try {
      const address = await listeningAddress(server);
      const first = (await request(address, 'GET', '/health')).headers.get('x-request-id') ?? '';
      const deadline = Date.now() + 1_000;
      while (linesOf(server.stdout(), first).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(linesOf(server.stdout(), first)).toHaveLength(1);

      const ids: string[] = [];
      for (let i = 0; i < 30; i += 1) ids.push((await request(address, 'GET', '/health')).headers.get('x-request-id') ?? '');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      for (const id of ids) expect(linesOf(server.stdout(), id)).toHaveLength(1);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
