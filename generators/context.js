// Builds the template data of a project from validated answers.

import { randomBytes } from 'node:crypto';
import { layerLocalEnv, layerSecrets, projectLayers } from './layers.js';
import { DEFAULT_TEMPLATES_DIR } from './project.js';
import { formatResourceSpec, validateResources } from './resource-spec.js';
import { dependenciesFor, packageManagerFields } from './versions.js';

/** The auth modules each auth style composes: the folder under src/auth/, the module's export, the services type of its operations, and whether it has a background task to stop on close. */
const AUTH_MODULES = Object.freeze({
  jwt: [{ name: 'jwt', folder: 'jwt', layer: 'auth/jwt', export: 'jwtAuth', servicesType: 'JwtServices' }],
  oidc: [{ name: 'oidc', folder: 'oidc', layer: 'auth/oidc', export: 'oidcAuth', servicesType: 'OidcServices', closes: true }],
});

export function authModulesFor(auth) {
  const modules = AUTH_MODULES[auth];
  if (modules === undefined) throw new Error(`no auth module for ${JSON.stringify(auth)}`);
  return modules;
}

export function newSecret() {
  return randomBytes(48).toString('base64url');
}

/**
 * `answers` has passed the CLI's answers schema. The result is what every template sees;
 * `secureApiJson` is also written as the project's secure-api.json, which `npm run gen` reads.
 * `options.unoffered` names answers this version does not offer yet; they are left out of it.
 * `options.newSecret` makes each secret of `.env` (tests pass a fixed one).
 */
export function projectContext(answers, options = {}) {
  const resources = validateResources(answers.resources);
  const { dependencies, devDependencies, overrides } = dependenciesFor(answers);
  // A fresh random value for every secret variable the project's layers declare: `.env` works at once.
  const layers = projectLayers(answers);
  const secretNames = layerSecrets(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, layers);
  const envSecrets = Object.fromEntries(secretNames.map((name) => [name, (options.newSecret ?? newSecret)()]));
  const secureApiJson = {
    name: answers.projectName,
    framework: answers.framework,
    auth: answers.auth,
    db: answers.db,
    rateLimitStore: answers.rateLimitStore,
    graphql: answers.graphql,
    uploads: answers.uploads,
    webhooks: answers.webhooks,
    resources: resources.map(formatResourceSpec),
    generatorVersion: options.version ?? '0.0.0',
  };
  // Answers this version cannot take yet are not recorded: replaying the file gives the same project.
  for (const key of options.unoffered ?? []) delete secureApiJson[key];
  return {
    ...answers,
    resources,
    authModules: authModulesFor(answers.auth),
    dependencies,
    devDependencies,
    overrides,
    packageManagerFields: packageManagerFields(answers),
    envSecrets,
    localEnv: layerLocalEnv(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, layers),
    dbLayer: `db/${answers.db}`,
    storeLayer: `store/${answers.rateLimitStore}`,
    hasSecrets: Object.keys(envSecrets).length > 0,
    /** Email + password accounts (register and login), which AUTH_RATE_LIMIT guards. */
    passwordLogin: answers.auth.startsWith('jwt'),
    secureApiJson,
  };
}
