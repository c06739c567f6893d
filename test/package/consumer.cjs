// Requires the packed tarball the way a CommonJS user would.
const assert = require('node:assert/strict');
const hf = require('hf-separate');
const node = require('hf-separate/node');

assert.equal(typeof hf.pipeline, 'function');
assert.equal(typeof hf.matrix, 'function');
assert.equal(typeof node.loadData, 'function');
const m = hf.matrix(new Float64Array([1, 2, 3, 4]), 2, 2);
assert.deepEqual(hf.toArrays(m), [[1, 2], [3, 4]]);
console.log(`CJS require ok: hf-separate ${hf.VERSION}`);
