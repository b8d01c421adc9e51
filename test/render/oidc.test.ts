import { beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/options.js';
import { renderInMemory } from '../helpers/render.js';

// `--auth oidc`: a resource server for one OpenID Connect provider, rendered in memory.

const FRAMEWORK_NAMES = FRAMEWORKS.map((framework) => framework.value);
const projects = new Map<string, Map<string, string>>();

beforeAll(async () => {
  for (const framework of FRAMEWORK_NAMES)
    projects.set(framework, await renderInMemory(framework, ['notes:title:string'], { auth: 'oidc' }));
});

const project = (framework: string) => projects.get(framework) as Map<string, string>;
const file = (framework: string, name: string) => project(framework).get(name) as string;

describe.each(FRAMEWORK_NAMES)('an oidc %s project', (framework) => {
  it('has the OIDC module and its tests, and nothing of the JWT module', () => {
    const files = [...project(framework).keys()];
    expect(files.filter((name) => name.startsWith('src/auth/')).sort()).toEqual([
      'src/auth/oidc/config.ts',
      'src/auth/oidc/fetch-json.ts',
      'src/auth/oidc/key-store.ts',
      'src/auth/oidc/migrations.ts',
      'src/auth/oidc/module.ts',
      'src/auth/oidc/operations.ts',
      'src/auth/oidc/scopes.ts',
      'src/auth/oidc/service.ts',
      'src/auth/oidc/subjects.ts',
      'src/auth/oidc/token-cache.ts',
      'src/auth/oidc/tokens.ts',
    ]);
    expect(files).toEqual(
      expect.arrayContaining([
        'test/core/oidc-token-cache.test.ts',
        'test/helpers/auth.ts',
        'test/helpers/issuer.ts',
        'test/security/oidc-keys.test.ts',
        'test/security/oidc-tokens.test.ts',
        'test/security/oidc-users.test.ts',
      ]),
    );
    for (const name of files) {
      if (name.startsWith('src/')) expect(file(framework, name), name).not.toMatch(/auth\/jwt|jwtAuth|JWT_SECRET|argon2/);
    }
  });

  it('depends on jose and not on @node-rs/argon2', () => {
    const pkg = JSON.parse(file(framework, 'package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.dependencies.jose).toBe('6.2.18');
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@node-rs/argon2');
  });

  it('composes the OIDC module and stops its key refresh on close', () => {
    expect(file(framework, 'src/modules.ts')).toContain('export const authModules = [oidcAuth] as const;');
    const services = file(framework, 'src/services.ts');
    expect(services).toContain('authenticators: [oidc.authenticator],');
    expect(services).toContain('oidc.close?.();');
  });

  it('writes a .env that starts without a provider, and a .env.example without secrets or JWT settings', () => {
    const env = file(framework, '.env');
    expect(env).toContain('OIDC_ISSUER=https://issuer.example.invalid/\n');
    expect(env).toContain('OIDC_AUDIENCE=https://api.example.invalid/\n');
    expect(env).not.toMatch(/SECRET/);
    const example = file(framework, '.env.example');
    expect(example).toMatch(/^OIDC_ALGORITHMS=RS256,PS256,ES256,EdDSA$/m);
    expect(example).toMatch(/^OIDC_JWKS_COOLDOWN=30s$/m);
    expect(example).not.toMatch(/JWT_|SECRET|LOGIN_/);
  });

  it('documents SEC-O1 and none of the password routes', () => {
    const readme = file(framework, 'README.md');
    expect(readme).toContain('| SEC-O1 |');
    expect(readme).toContain('`OIDC_ISSUER`');
    expect(readme).not.toMatch(/SEC-J\d|\/auth\/login|\/auth\/register|JWT_SECRET/);
  });

  it('records oidc in secure-api.json, so npm run gen knows the style', () => {
    expect(JSON.parse(file(framework, 'secure-api.json')).auth).toBe('oidc');
  });
});
