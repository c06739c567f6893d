// Requires the packed tarball the way a CommonJS user would.
const assert = require('node:assert/strict');
const hf = require('hf-separate');
const node = require('hf-separate/node');

assert.equal(typeof hf.pipeline, 'function');
assert.equal(typeof hf.matrix, 'function');
assert.equal(typeof node.loadData, 'function');
const m = hf.matrix(new Float64Array([1, 2, 3, 4]), 2, 2);
assert.deepEqual(hf.toArrays(m), [[1, 2], [3, 4]]);
(async () => {
  const vectors = await new hf.TransformersEmbedder().embed(['a cat sat on the mat']);
  assert.equal(vectors.rows, 1);
  console.log(`CJS require ok: hf-separate ${hf.VERSION}, offline embedder ${vectors.cols}-d`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
