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
    // Keep `import()` as a real dynamic import in the CommonJS build too, so ES-module-only
    // dependencies (vega, whose module uses top-level await) load on first use instead of breaking require().
    esbuildOptions(options, context) {
      if (context.format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': true };
    },
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
