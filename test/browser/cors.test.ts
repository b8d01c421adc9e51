import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, launchBrowser, servePage, type Browser, type PageServer } from '../helpers/browser.js';
import { repoTempDir, runCli } from '../helpers/cli.js';
import { bin, login, startServer, type RunningServer } from '../helpers/project.js';

/** What the page's script got back from the API, or the error its fetch rejected with. */
type CallResult = { status: number; requestId: string | null; body: unknown } | { error: string };

/** A web app's page: its script calls the API with a bearer token, as a single-page app would. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>client</title></head><body>
<script>
window.callApi = async (url, token) => {
  try {
    const response = await fetch(url, { headers: { Authorization: 'Bearer ' + token } });
    return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
  } catch (error) {
    return { error: String(error) };
  }
};
</script>
</body></html>`;

const FRAMEWORKS = ['fastify', 'express', 'hono'] as const;

describe.runIf(browserTestsRun())(
  'CORS in a real browser (Chromium): a page on an allowed origin reads the API, any other is blocked',
  () => {
    let root: string;
    let browser: Browser;
    let allowed: PageServer;
    let other: PageServer;

    beforeAll(async () => {
      root = await repoTempDir('browser-cors-');
      [allowed, other] = await Promise.all([servePage(PAGE), servePage(PAGE)]);
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await Promise.all([allowed?.close(), other?.close()]);
      if (!process.env.KEEP_GENERATED) await fs.remove(root);
    });

    describe.each(FRAMEWORKS)('%s', (framework) => {
      let server: RunningServer;
      let token: string;

      beforeAll(async () => {
        const dir = path.join(root, framework);
        const created = await runCli([dir, '--yes', '--no-install', '--no-git', '--framework', framework, '--auth', 'jwt']);
        expect(created.exitCode, created.stderr).toBe(0);
        server = await startServer(dir, [bin('tsx'), ['src/server.ts']], { CORS_ORIGINS: allowed.origin });
        token = await login(server.url);
      }, 90_000);
      afterAll(async () => {
        await server?.stop();
      });

      /** Opens the page at `origin` and runs its fetch of GET /auth/me there; also returns what the console said. */
      async function callFrom(origin: string): Promise<{ result: CallResult; console: string[] }> {
        const page = await browser.context.newPage();
        const messages: string[] = [];
        page.on('console', (message) => messages.push(message.text()));
        try {
          await page.goto(`${origin}/`);
          const result = await page.evaluate(
            ([url, bearer]) => (globalThis as unknown as { callApi: (u: string, t: string) => Promise<CallResult> }).callApi(url, bearer),
            [`${server.url}/auth/me`, token] as const,
          );
          return { result, console: messages };
        } finally {
          await page.close();
        }
      }

      it('the allowed origin sends Authorization (a header that needs the preflight to allow it) and reads the body and the exposed X-Request-Id', async () => {
        const { result } = await callFrom(allowed.origin);
        expect(result, JSON.stringify(result)).toMatchObject({ status: 200, body: { email: expect.stringContaining('@example.com') } });
        expect('requestId' in result && result.requestId).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('another origin: the browser blocks the response and the fetch rejects', async () => {
        const { result, console } = await callFrom(other.origin);
        expect(result).toEqual({ error: expect.stringMatching(/^TypeError: Failed to fetch/) });
        expect(console.join('\n')).toMatch(/blocked by CORS policy/);
      });
    });
  },
);
