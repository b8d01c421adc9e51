import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_OUTPUT, browserTestsRun, launchBrowser, type Browser } from '../helpers/browser.js';
import { repoTempDir, runCli } from '../helpers/cli.js';
import { bin, startServer, type RunningServer } from '../helpers/project.js';

const FRAMEWORKS = ['fastify', 'express', 'hono'] as const;

/** Records each Content-Security-Policy violation on the page, before any of its scripts runs. */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

describe.runIf(browserTestsRun())('GET /docs in a real browser (Chromium): Swagger UI on /openapi.json under its own CSP', () => {
  let root: string;
  let browser: Browser;

  beforeAll(async () => {
    root = await repoTempDir('browser-docs-');
    await fs.mkdirp(BROWSER_OUTPUT);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (!process.env.KEEP_GENERATED) await fs.remove(root);
  });

  describe.each(FRAMEWORKS)('%s', (framework) => {
    let server: RunningServer;

    beforeAll(async () => {
      const dir = path.join(root, framework);
      const created = await runCli([
        dir,
        '--yes',
        '--no-install',
        '--no-git',
        '--framework',
        framework,
        '--auth',
        'jwt',
        '--resource',
        'notes:title:string,done:boolean',
      ]);
      expect(created.exitCode, created.stderr).toBe(0);
      server = await startServer(dir, [bin('tsx'), ['src/server.ts']], { NODE_ENV: 'development' });
    }, 90_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('renders every operation, calls the API with "Try it out", loads nothing from elsewhere and breaks no CSP rule', async () => {
      const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const page = await browser.context.newPage();
      const consoleLines: string[] = [];
      const pageErrors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith(`${server.url}/`) && !request.url().startsWith('data:')) foreign.push(request.url());
      });
      try {
        await page.addInitScript(RECORD_VIOLATIONS);
        const response = await page.goto(`${server.url}/docs`);
        expect(response?.status()).toBe(200);
        await page.waitForSelector('.opblock', { timeout: 20_000 });

        const shown = await page.$$eval('.opblock', (blocks) =>
          blocks.map((block) => {
            const method = block.querySelector('.opblock-summary-method')?.textContent ?? '';
            const route = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
            return `${method.toLowerCase()} ${route}`;
          }),
        );
        const declared = Object.entries(document.paths).flatMap(([route, item]) => Object.keys(item).map((method) => `${method} ${route}`));
        expect(shown.sort()).toEqual(declared.sort());
        await page.screenshot({ path: path.join(BROWSER_OUTPUT, `docs-${framework}.png`), fullPage: true });

        const health = page.locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/health"]') });
        await health.locator('.opblock-summary').click();
        await health.getByRole('button', { name: 'Try it out' }).click();
        await health.getByRole('button', { name: 'Execute' }).click();
        await expect
          .poll(async () => (await health.locator('.live-responses-table .response .response-col_status').first().textContent())?.trim(), {
            timeout: 10_000,
          })
          .toBe('200');

        const violations = await page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);
        expect(violations).toEqual([]);
        expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
        expect(pageErrors).toEqual([]);
        expect(foreign).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  });
});
