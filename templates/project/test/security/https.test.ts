import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { selfSignedCertificate } from '../helpers/self-signed.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-H3 HTTPS behind a proxy in production', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', TRUST_PROXY: '1' });
  });
  afterAll(() => server.close());

  it('refuses a request the proxy received over plain HTTP with 403 https_required', async () => {
    const response = await request(server.url, 'GET', '/health', { headers: { 'x-forwarded-proto': 'http' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.type).toBe('urn:problem-type:https_required');
  });

  it('serves a request the proxy received over HTTPS', async () => {
    const response = await request(server.url, 'GET', '/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.status).toBe(200);
  });
});

interface TlsResult {
  readonly status: number;
  readonly protocol: string | null;
}

function httpsGet(url: string, ca: string, maxVersion?: 'TLSv1.1'): Promise<TlsResult> {
  return new Promise((resolve, reject) => {
    const legacy = maxVersion === undefined ? {} : { maxVersion, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' };
    const req = https.get(`${url}/health`, { ca, ...legacy }, (res) => {
      const protocol = (res.socket as TLSSocket).getProtocol();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, protocol }));
    });
    req.on('error', reject);
  });
}

describe('SEC-H3 TLS served directly', () => {
  let server: TestServer;
  let ca: string;

  beforeAll(async () => {
    const certificate = selfSignedCertificate();
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    writeFileSync(join(dir, 'cert.pem'), certificate.certPem);
    writeFileSync(join(dir, 'key.pem'), certificate.keyPem);
    ca = certificate.certPem;
    server = await startTestServer({ TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'key.pem') });
  });
  afterAll(() => server.close());

  it('speaks HTTPS with TLS 1.2 or newer', async () => {
    expect(server.url).toMatch(/^https:/);
    const result = await httpsGet(server.url, ca);
    expect(result.status).toBe(200);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(result.protocol);
  });

  it('refuses a client limited to TLS 1.1', async () => {
    await expect(httpsGet(server.url, ca, 'TLSv1.1')).rejects.toThrow();
  });

  it('refuses to start when only one TLS file is set', async () => {
    await expect(startTestServer({ TLS_CERT_FILE: join(tmpdir(), 'missing-cert.pem') })).rejects.toThrow(/TLS_KEY_FILE/);
  });
});
