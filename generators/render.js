// Template rendering shared by the project and resource generators: each template text is
// compiled once per process (or taken precompiled from the CLI's build).

import { createHash } from 'node:crypto';

/** Compiled templates by source text, per Handlebars instance. */
const compiled = new WeakMap();

/** Precompiled template specs by the SHA-256 of their text (the CLI's build makes them). */
let precompiled = new Map();

/**
 * @param {Map<string, unknown>} specs Precompiled Handlebars template specs keyed by the SHA-256 of the template text.
 */
export function usePrecompiledTemplates(specs) {
  precompiled = specs;
}

/**
 * @param {typeof import('handlebars')} handlebars
 * @param {string} text
 */
function compileTemplate(handlebars, text) {
  if (precompiled.size > 0) {
    const spec = precompiled.get(createHash('sha256').update(text).digest('hex'));
    if (spec !== undefined) return handlebars.template(spec);
  }
  return handlebars.compile(text);
}

/**
 * Renders a template with plop's Handlebars and helpers.
 * @param {{ handlebars: typeof import('handlebars') }} plop
 * @param {string} text
 * @param {unknown} data
 * @returns {string}
 */
export function renderTemplate(plop, text, data) {
  const handlebars = plop.handlebars;
  let cache = compiled.get(handlebars);
  if (cache === undefined) {
    cache = new Map();
    compiled.set(handlebars, cache);
  }
  let template = cache.get(text);
  if (template === undefined) {
    template = compileTemplate(handlebars, text);
    cache.set(text, template);
  }
  return template(data);
}
