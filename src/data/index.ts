export * from './types.js';
export * from './missing.js';
export * from './formats.js';
export * from './files.js';
export * from './infer.js';
export * from './dataset.js';
export * from './features.js';
