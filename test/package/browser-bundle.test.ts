import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('browser build', () => {
  it('bundles the main entry for the browser with no Node built-ins', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      // transformers.js ships its own browser build; the ONNX runtime for Node is swapped out by it.
      mainFields: ['browser', 'module', 'main'],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
    expect(inputs.some((p) => p.includes('onnxruntime-node'))).toBe(false);
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(10_000);
  }, 120_000);
});
