export * from './validate.js';
export * from './run-config.js';
export * from './template.js';
