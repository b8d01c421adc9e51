import fs from 'fs-extra';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../generators/project.js';
import { usePrecompiledTemplates } from '../../generators/render.js';
import { renderInMemory } from '../helpers/render.js';

const DIST_TEMPLATES = path.resolve(import.meta.dirname, '../../dist/templates.js');

const SPECS = ['notes:title:string,body:text?', 'contacts:name:string,email:email,website:url?,age:int?,vip:boolean,kind:enum(a|b)'];

async function render(framework: string, specs: Map<string, unknown>): Promise<Map<string, string>> {
  usePrecompiledTemplates(specs);
  try {
    return await renderInMemory(framework, SPECS);
  } finally {
    usePrecompiledTemplates(new Map());
  }
}

describe('precompiled templates (npm run build)', async () => {
  const { precompiledTemplates } = (await import(pathToFileURL(DIST_TEMPLATES).href)) as { precompiledTemplates: Map<string, unknown> };

  it('holds every .hbs template of templates/ (one entry per distinct text: empty partials share one)', async () => {
    const all = (await fs.readdir(DEFAULT_TEMPLATES_DIR, { recursive: true })).filter((f) => String(f).endsWith('.hbs'));
    const texts = await Promise.all(all.map((file) => fs.readFile(path.join(DEFAULT_TEMPLATES_DIR, String(file)), 'utf8')));
    expect(precompiledTemplates.size).toBe(new Set(texts).size);
  });

  it.each(['fastify', 'express', 'hono'])('render %s byte for byte as compiling the templates does', async (framework) => {
    const compiled = await render(framework, new Map());
    const precompiled = await render(framework, precompiledTemplates);
    expect([...precompiled.keys()]).toEqual([...compiled.keys()]);
    for (const [file, text] of compiled) expect(precompiled.get(file), file).toBe(text);
  });

  it('compile a template whose text differs from the one precompiled', async () => {
    const stale = new Map([...precompiledTemplates].map(([, spec], index) => [`stale-${index}`, spec]));
    const compiled = await render('fastify', new Map());
    const withStale = await render('fastify', stale);
    expect(withStale).toEqual(compiled);
  });
});
