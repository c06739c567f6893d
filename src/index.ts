/**
 * hf-separate: separate data into meaningful groups.
 * This entry is browser-safe: nothing here imports Node built-ins at module top level.
 * Node-only parts (file reading, the disk cache, the CLI) live in `hf-separate/node`.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './metrics/index.js';
export * from './clustering/index.js';
export * from './data/index.js';
export * from './config/index.js';
export * from './pipeline/index.js';
export * from './separation/index.js';
export * from './preprocess/index.js';
export { VERSION, DEPENDENCY_VERSIONS } from './version.js';
export * from './text/index.js';
export * from './viz/index.js';
export * from './explain/index.js';
export * from './embeddings/index.js';
export * from './reduce/index.js';
export * from './neighbors/index.js';
export * from './linalg/index.js';
