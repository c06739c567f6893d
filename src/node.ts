/**
 * Node-only parts of hf-separate: reading files, the on-disk cache, saving results.
 * @packageDocumentation
 */
export * from './index.js';
export * from './viz/node.js';
export * from './embeddings/node.js';
