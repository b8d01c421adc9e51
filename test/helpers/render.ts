import os from 'node:os';
import path from 'node:path';
import { projectContext } from '../../generators/context.js';
import { renderProject } from '../../generators/project.js';
import { parseResourceSpec } from '../../generators/resource-spec.js';

/** The same secrets for every render, in the order they are asked for. */
function fixedSecrets(): () => string {
  let count = 0;
  return () => `secret-${++count}-${'x'.repeat(40)}`;
}

/**
 * A project rendered in memory (nothing is written), as path -> content: default answers,
 * the given framework, resources, webhooks, package manager (npm unless given), auth style (jwt unless given) uploads and graphql (off unless given), fixed secrets; answers this version does not offer left
 * out of secure-api.json as the CLI leaves them.
 */
export async function renderInMemory(
  framework: string,
  specs: readonly string[],
  answers: {
    packageManager?: string;
    rateLimitStore?: string;
    auth?: string;
    db?: string;
    projectName?: string;
    apiKeyPrefix?: string;
    uploads?: boolean;
    webhooks?: string[];
    graphql?: boolean;
  } = {},
): Promise<Map<string, string>> {
  const context = projectContext(
    {
      projectName: answers.projectName ?? 'same-api',
      framework,
      auth: answers.auth ?? 'jwt',
      ...(answers.apiKeyPrefix === undefined ? {} : { apiKeyPrefix: answers.apiKeyPrefix }),
      db: answers.db ?? 'sqlite',
      rateLimitStore: answers.rateLimitStore ?? 'memory',
      graphql: answers.graphql ?? false,
      uploads: answers.uploads ?? false,
      webhooks: answers.webhooks ?? [],
      resources: specs.map(parseResourceSpec),
      packageManager: answers.packageManager ?? 'npm',
      install: false,
      git: false,
    },
    { newSecret: fixedSecrets(), newWebhookSecret: () => `whsec_${Buffer.alloc(32, 7).toString('base64')}` },
  );
  const tree = await renderProject(context, path.join(os.tmpdir(), 'never-written'));
  return new Map(tree.changes().map(({ path: file }) => [file, tree.read(file)]));
}
