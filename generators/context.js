// Builds the template data of a project from validated answers.

import { randomBytes } from 'node:crypto';
import { ciFor, ciServiceLayers } from './ci.js';
import { layerLocalEnv, layerSecrets, projectLayers, runsAsSeveralInstances } from './layers.js';
import { DEFAULT_TEMPLATES_DIR } from './project.js';
import { formatResourceSpec, validateResources } from './resource-spec.js';
import { dependenciesFor, packageManagerFields, upkeepGroups } from './versions.js';

const jwt = {
  name: 'jwt',
  folder: 'jwt',
  layer: 'auth/jwt',
  layers: ['auth/jwt'],
  export: 'jwtAuth',
  servicesType: 'JwtServices',
  scripts: {},
};
const apiKey = {
  name: 'apiKey',
  folder: 'api-key',
  layer: 'auth/api-key',
  export: 'apiKeyAuth',
  servicesType: 'ApiKeyServices',
  scripts: {},
};

/**
 * The auth modules each auth style composes: the folder under src/auth/, the layers it is
 * made of (`layer` holds its partials), the module's export, the services type of its
 * operations, and whether it has a background task to stop on close (`closes`). API keys
 * alone are issued with `npm run keys`; beside JWT, signed-in users manage their own keys
 * over HTTP.
 */
const AUTH_MODULES = Object.freeze({
  jwt: [jwt],
  'api-key': [
    {
      ...apiKey,
      layers: ['auth/api-key', 'auth/api-key-standalone'],
      scripts: {
        keys: {
          command: 'tsx src/cli/keys.ts',
          description:
            '`create --owner <email> --scopes notes:read,...`, `list --owner <email>`, `rotate <id>`, `revoke <id>`: the only way keys (and their users) are made; a new key is printed once',
        },
      },
    },
  ],
  'jwt+api-key': [jwt, { ...apiKey, layers: ['auth/api-key', 'auth/api-key-managed'] }],
  oidc: [
    {
      name: 'oidc',
      folder: 'oidc',
      layer: 'auth/oidc',
      layers: ['auth/oidc'],
      export: 'oidcAuth',
      servicesType: 'OidcServices',
      scripts: {},
      closes: true,
    },
  ],
});

/**
 * The optional features a project may add: the folder under src/, the layer, the module's
 * export, the services type its operations reach, the package scripts it adds, and whether its
 * tests need variables of their own (`testEnv`).
 */
const FEATURE_MODULES = Object.freeze({
  uploads: {
    name: 'uploads',
    folder: 'uploads',
    layer: 'features/uploads',
    export: 'uploadsFeature',
    servicesType: 'UploadServices',
    scripts: {},
    /** Its tests need variables of their own (test/helpers/uploads-env.ts). */
    testEnv: true,
  },
  graphql: {
    name: 'graphql',
    folder: 'graphql',
    layer: 'features/graphql',
    export: 'graphqlFeature',
    servicesType: 'GraphqlServices',
    scripts: {
      'graphql:persist': {
        command: 'tsx src/cli/graphql-persist.ts',
        description:
          'checks every `src/graphql/operations/*.graphql` against the schema and the limits, and writes `persisted-operations.json` (text by SHA-256), which `GRAPHQL_PERSISTED_ONLY=true` serves',
      },
    },
  },
});

/**
 * The feature modules the answers turn on, in a fixed order.
 * @param {{ uploads?: boolean, graphql?: boolean }} answers
 */
export function featureModulesFor(answers) {
  return [...(answers.uploads === true ? [FEATURE_MODULES.uploads] : []), ...(answers.graphql === true ? [FEATURE_MODULES.graphql] : [])];
}

export function authModulesFor(auth) {
  const modules = AUTH_MODULES[auth];
  if (modules === undefined) throw new Error(`no auth module for ${JSON.stringify(auth)}`);
  return modules;
}

/**
 * The prefix of the project's API keys: its name's letters and digits (the scope dropped),
 * 2 to 10 of them, so secret scanners can tell its keys from others.
 * @param {string} projectName
 */
export function apiKeyPrefixFor(projectName) {
  const name = projectName
    .replace(/^@[^/]*\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10);
  return name.length >= 2 ? name : `${name}key`;
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
  const authModules = authModulesFor(answers.auth);
  const featureModules = featureModulesFor(answers);
  const layers = projectLayers({ ...answers, authModules, featureModules });
  const secretNames = layerSecrets(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, layers);
  const apiKeyPrefix = authModules.some((module) => module.name === 'apiKey')
    ? (answers.apiKeyPrefix ?? apiKeyPrefixFor(answers.projectName))
    : undefined;
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
    ...(apiKeyPrefix === undefined ? {} : { apiKeyPrefix }),
    generatorVersion: options.version ?? '0.0.0',
  };
  // Answers this version cannot take yet are not recorded: replaying the file gives the same project.
  for (const key of options.unoffered ?? []) delete secureApiJson[key];
  return {
    ...answers,
    resources,
    authModules,
    featureModules,
    apiKeyPrefix,
    apiKeysOverHttp: authModules.some((module) => module.name === 'jwt'),
    dependencies,
    devDependencies,
    overrides,
    packageManagerFields: packageManagerFields(answers),
    upkeepGroups: upkeepGroups(answers),
    ci: { ...ciFor(answers.packageManager), serviceLayers: ciServiceLayers(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, layers) },
    envSecrets,
    localEnv: layerLocalEnv(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, layers),
    dbLayer: `db/${answers.db}`,
    storeLayer: `store/${answers.rateLimitStore}`,
    hasSecrets: Object.keys(envSecrets).length > 0,
    /** Email + password accounts (register and login), which AUTH_RATE_LIMIT guards. */
    passwordLogin: answers.auth.startsWith('jwt'),
    /** Postgres or Redis: the project ships the two-instance test (the two-instances layer). */
    twoInstanceTest: runsAsSeveralInstances(answers),
    secureApiJson,
    /** Makes the `whsec_` secret of each day-one Standard Webhooks receiver (tests pass a fixed one). */
    newWebhookSecret: options.newWebhookSecret,
  };
}
