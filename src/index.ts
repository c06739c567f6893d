/**
 * hf-separate: separate data into meaningful groups.
 * This entry is browser-safe: nothing here imports Node built-ins at module top level.
 * Node-only parts (file reading, the disk cache, the CLI) live in `hf-separate/node`.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './text/index.js';
