import { nodeModule } from '../core/node.js';
import { OFFLINE_DEFAULT_MODEL } from './registry.js';

declare const __dirname: string | undefined;

/** True in Node (and Bun/Deno with Node compatibility), where the file system can be used. */
export function isNodeLike(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Directory of this module: `__dirname` in the CommonJS build, `import.meta.url` in ESM. */
async function moduleDirectory(): Promise<string | undefined> {
  if (typeof __dirname === 'string' && __dirname) return __dirname;
  let url: string | undefined;
  try {
    url = import.meta.url;
  } catch {
    url = undefined;
  }
  if (!url || !url.startsWith('file:')) return undefined;
  const { fileURLToPath } = await nodeModule('url');
  const { dirname } = await nodeModule('path');
  return dirname(fileURLToPath(url));
}

let cachedRoot: Promise<string | undefined> | undefined;

/**
 * The folder that holds the models shipped with hf-separate (`<package>/models`), found by walking
 * up from this module: `src/embeddings/` in the repo, `dist/` in the built and installed package.
 * Undefined in browsers (pass `localModelPath` there) or when the folder is missing.
 *
 * @example
 * await bundledModelsDirectory(); // '/…/node_modules/hf-separate/models'
 */
export function bundledModelsDirectory(): Promise<string | undefined> {
  cachedRoot ??= (async () => {
    if (!isNodeLike()) return undefined;
    const start = await moduleDirectory();
    if (!start) return undefined;
    const { existsSync } = await nodeModule('fsSync');
    const { join, dirname } = await nodeModule('path');
    let dir = start;
    for (let up = 0; up < 5; up++) {
      const candidate = join(dir, 'models');
      if (existsSync(join(candidate, OFFLINE_DEFAULT_MODEL, 'config.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  })();
  return cachedRoot;
}
