// Renders a project with the repository's generators, for a framework whose templates
// exist but which the built CLI does not offer yet. Usage:
//   node render-direct.mjs <repo> <target-dir> <framework> <resource-spec>...
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [repo, target, framework, ...specs] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(repo, 'generators', file)).href);
const { renderProject } = await load('index.js');
const { projectContext } = await load('context.js');
const { parseResourceSpec } = await load('resource-spec.js');

const version = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version;
const answers = {
  projectName: path.basename(target),
  framework,
  auth: 'jwt',
  resources: specs.map(parseResourceSpec),
  db: 'sqlite',
  rateLimitStore: 'memory',
  graphql: false,
  uploads: false,
  webhooks: [],
  packageManager: 'npm',
  install: false,
  git: false,
};
if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new Error(`${target} is not empty`);
fs.mkdirSync(target, { recursive: true });
const written = await renderProject(projectContext(answers, { version }), target);
process.stdout.write(`rendered ${written.length} files for ${framework}\n`);
