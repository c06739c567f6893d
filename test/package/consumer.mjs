// Imports the packed tarball the way an ESM user would and runs a tiny separation.
import assert from 'node:assert/strict';
import { pipeline, VERSION, SeparationResult, TransformersEmbedder } from 'hf-separate';
import { loadData } from 'hf-separate/node';

assert.equal(typeof VERSION, 'string');
const rows = [];
for (let i = 0; i < 40; i++) rows.push({ x: (i < 20 ? 0 : 10) + (i % 5) * 0.1, y: (i < 20 ? 0 : 10) + (i % 3) * 0.1 });
const result = await pipeline().cluster('kmeans', { k: 2 }).run(rows, { seed: 1 });
assert.ok(result instanceof SeparationResult);
assert.equal(result.numClusters, 2);
assert.equal(typeof loadData, 'function');
// The bundled offline model loads from the installed package with no network.
const embedder = new TransformersEmbedder();
const vectors = await embedder.embed(['a cat sat on the mat', 'stock markets fell sharply']);
assert.equal(vectors.rows, 2);
assert.ok(vectors.cols > 0);
assert.ok(vectors.data.every(Number.isFinite));
console.log(`ESM import ok: hf-separate ${VERSION}, ${result.numClusters} clusters`);
