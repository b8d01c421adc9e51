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
  // node-plop and its helpers are bundled so a scaffold loads one file instead of a few hundred
  // modules; node-plop's prompt library is replaced (the CLI never prompts through plop).
  noExternal: ['node-plop', 'handlebars', 'resolve', 'dlv', 'change-case', 'title-case', 'isbinaryfile', 'tinyglobby', 'fdir', 'picomatch'],
  esbuildOptions(options) {
    options.alias = { inquirer: fileURLToPath(new URL('./src/vendor/no-inquirer.ts', import.meta.url)) };
  },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
