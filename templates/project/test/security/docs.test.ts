import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_ASSETS } from '../../src/docs/assets.js';
import { DOCS_CSP } from '../../src/docs/page.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

describe('GET /docs: the API reference page, outside production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'development' });
  });
  afterAll(() => server.close());

  it('serves the page with its own Content-Security-Policy, loading its files from this server only', async () => {
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(loaded.sort()).toEqual(DOCS_ASSETS.map((asset) => `/docs/${asset.file}`).sort());
    expect(html).not.toMatch(/<script>|https?:\/\//);
  });

  it('serves every file the page loads, with its type, from the project itself; the API keeps its own policy', async () => {
    for (const asset of DOCS_ASSETS) {
      const response = await fetch(`${server.url}/docs/${asset.file}`);
      expect(response.status, asset.file).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${asset.mediaType}; charset=utf-8`);
      expect(response.headers.get('content-security-policy')).toBe(API_CSP);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const health = await fetch(`${server.url}/health`);
    expect(health.headers.get('content-security-policy')).toBe(API_CSP);
  });

  it('answers 404 for a file it does not serve', async () => {
    const response = await fetch(`${server.url}/docs/index.html`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(API_CSP);
  });
});

describe('GET /docs in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.close());

  it('answers 404 problem+json for the page and each of its files, with the API policy', async () => {
    for (const path of ['/docs', ...DOCS_ASSETS.map((asset) => `/docs/${asset.file}`)]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('content-security-policy')).toBe(API_CSP);
    }
  });
});
