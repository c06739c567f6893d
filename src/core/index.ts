export * from './matrix.js';
export * from './errors.js';
export * from './progress.js';
export * from './random.js';
export * from './contracts.js';
export * from './node.js';
