/**
 * Node-only embedding parts (file system): the on-disk embedding cache stores.
 * @packageDocumentation
 */
export { DiskStore, LooseFileStore } from './disk-store.js';
export type { DiskStoreOptions } from './disk-store.js';
