export * from './config.js';
export * from './builtins.js';
export * from './result.js';
export * from './stages.js';
export * from './run.js';
export * from './pipeline.js';
export * from './model.js';
