import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  splitting: true,
  // Less text to read and parse at each start; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // What a scaffold loads is bundled, so it reads a few files instead of a few hundred modules
  // (zod alone is 95 ES modules); node-plop's prompt library is replaced (the CLI never prompts
  // through plop). execa and @inquirer/prompts stay external: they load only to install, to
  // commit or to ask.
  noExternal: [
    'node-plop',
    'handlebars',
    'resolve',
    'dlv',
    'change-case',
    'title-case',
    'isbinaryfile',
    'tinyglobby',
    'fdir',
    'picomatch',
    'zod',
    'fs-extra',
    'graceful-fs',
    'jsonfile',
    'universalify',
    'picocolors',
    'validate-npm-package-name',
  ],
  esbuildOptions(options) {
    options.alias = {
      inquirer: fileURLToPath(new URL('./src/vendor/no-inquirer.ts', import.meta.url)),
      'source-map': fileURLToPath(new URL('./src/vendor/no-source-map.ts', import.meta.url)),
    };
  },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
