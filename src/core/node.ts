import { InputError } from './errors.js';

// Specifiers live in variables so browser bundlers leave them alone: these modules are loaded only
// when a Node-only feature (files, caches, saving) is actually used.
const SPECIFIERS = {
  fs: 'node:fs/promises',
  fsSync: 'node:fs',
  path: 'node:path',
  os: 'node:os',
  module: 'node:module',
  url: 'node:url',
  crypto: 'node:crypto',
  workerThreads: 'node:worker_threads',
} as const;

/** The Node built-in modules hf-separate may load lazily. */
export interface NodeModules {
  fs: typeof import('node:fs/promises');
  fsSync: typeof import('node:fs');
  path: typeof import('node:path');
  os: typeof import('node:os');
  module: typeof import('node:module');
  url: typeof import('node:url');
  crypto: typeof import('node:crypto');
  workerThreads: typeof import('node:worker_threads');
}

const cache = new Map<string, unknown>();

/**
 * Loads a Node built-in at call time (never at module load), so the browser-safe entry can offer
 * features that work only in Node. In a browser it throws an error that says what to do instead.
 *
 * @example const fs = await nodeModule('fs'); await fs.readFile(path);
 */
export async function nodeModule<K extends keyof NodeModules>(name: K, feature = 'this feature'): Promise<NodeModules[K]> {
  const cached = cache.get(name);
  if (cached) return cached as NodeModules[K];
  try {
    const mod = (await import(/* @vite-ignore */ SPECIFIERS[name])) as NodeModules[K] & { default?: NodeModules[K] };
    cache.set(name, mod);
    return mod;
  } catch (cause) {
    throw new InputError(`${feature} needs Node.js (could not load ${SPECIFIERS[name]}).`, {
      code: 'NODE_ONLY',
      field: name,
      fix: 'Run it in Node 20+, or in a browser pass data as rows or an arquero table and use the spec objects directly.',
      cause,
    });
  }
}
