import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Library entries: the browser-safe core and the Node-only extras.
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // Shared chunks: 'hf-separate' and 'hf-separate/node' must hand out the same classes (instanceof).
    splitting: true,
    treeshake: true,
  },
  {
    // The CLI: ESM only, with a shebang.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
