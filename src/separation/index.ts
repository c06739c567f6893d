export * from './base.js';
export * from './options.js';
export * from './numerical.js';
export * from './strategies.js';
