import fs from 'fs-extra';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from './cli.js';

/** Debian's Chromium (apt-get install chromium); playwright-core drives it, it never downloads one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave what a person may want to look at (screenshots). */
export const BROWSER_OUTPUT = path.join(repoRoot, 'test-results/browser');

/**
 * Flags for a headless Chromium on a machine with no outside network: no sandbox (CI runs as
 * root), no GPU, and none of the background connections Chromium would try at every start.
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests can run here; under CI they always run, and fail if Chromium cannot start. */
export function browserTestsRun(): boolean {
  return Boolean(process.env.CI) || fs.existsSync(CHROMIUM);
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh, empty profile. Throws an error that says what to
 * install when it cannot start.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  } catch (error) {
    await fs.remove(profile);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Chromium could not start from ${CHROMIUM} (install it with: apt-get install -y chromium): ${reason}`);
  }
  return {
    context,
    close: async () => {
      await context.close();
      await fs.remove(profile);
    },
  };
}

export interface PageServer {
  /** The origin the page is served from, such as http://127.0.0.1:41234. */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves one HTML page at every path, on 127.0.0.1 and a free port: a web app's own origin. */
export async function servePage(html: string): Promise<PageServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
