
// One option parser for the whole library: errors name the key, the bad value and the allowed values.
export { parseOptions } from '../config/validate.js';
