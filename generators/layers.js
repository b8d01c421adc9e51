// Templates are arranged in layers. Each layer folder mirrors the generated project's root.
//  - a file ending in `.hbs` is rendered with Handlebars and written without the suffix;
//    any other file is copied byte for byte;
//  - a file or folder name starting with `_` is written with a leading `.` (npm strips
//    dotfiles such as .gitignore from published packages);
//  - `__name__` in a path is replaced by the resource name (resource layers only);
//  - a layer's direct `http/` sub-folder holds per-framework glue and is its own layer.
// Two layers writing the same path is an error: layers add files, they never override.

import fs from 'node:fs';
import path from 'node:path';

export function projectLayers(answers) {
  return [
    'project',
    `db/${answers.db}`,
    `auth/${answers.auth}`,
    `http/${answers.framework}`,
  ];
}

export function resourceLayers() {
  return ['resource'];
}

function walk(dir, rel, out, isLayerRoot) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isLayerRoot && entry.isDirectory() && entry.name === 'http') continue;
    const abs = path.join(dir, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(abs, relPath, out, false);
    else if (entry.isFile()) out.push({ abs, rel: relPath });
  }
}

/** A layer's files, read once per process: a project lists the resource layers once per resource. */
const listings = new Map();

function layerListing(dir) {
  let found = listings.get(dir);
  if (found === undefined) {
    found = [];
    walk(dir, '', found, true);
    listings.set(dir, found);
  }
  return found;
}

function outputPath(rel, resourceName) {
  const parts = rel.split('/').map((part) => {
    let name = part;
    if (name.startsWith('_') && !name.startsWith('__name__')) name = `.${name.slice(1)}`;
    if (resourceName !== undefined) name = name.split('__name__').join(resourceName);
    return name;
  });
  const joined = parts.join('/');
  return joined.endsWith('.hbs') ? joined.slice(0, -4) : joined;
}

/**
 * Lists the files of the given layers as { source, target, render } with target relative
 * to the project root. Missing layer folders are skipped (a layer may have nothing to add).
 */
export function layerFiles(templatesDir, layers, resourceName) {
  const files = [];
  const owner = new Map();
  for (const layer of layers) {
    const dir = path.join(templatesDir, layer);
    if (!fs.existsSync(dir)) continue;
    const found = layerListing(dir);
    for (const { abs, rel } of found) {
      const target = outputPath(rel, resourceName);
      if (owner.has(target)) {
        throw new Error(`template layers "${owner.get(target)}" and "${layer}" both write ${target}`);
      }
      owner.set(target, layer);
      files.push({ source: abs, target, render: abs.endsWith('.hbs') });
    }
  }
  return files;
}
