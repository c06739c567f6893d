import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CachedEmbedder } from '../../src/embeddings/cache.js';
import { DiskStore } from '../../src/embeddings/disk-store.js';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';

// 10,000 distinct texts built from the committed WordNet sample (600 definitions × a numbered variant).
const glosses = readFileSync('examples/data/wordnet_glosses_sample.csv', 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.slice(line.indexOf(',', line.indexOf(',') + 1) + 1).replace(/^"|"$/g, ''));
const texts = Array.from({ length: 10_000 }, (_, i) => `${glosses[i % glosses.length]} (variant ${Math.floor(i / glosses.length)})`);

it('embeds 10,000 texts offline with the default model, deterministically; a second run comes from the disk cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hfs-10k-'));
  try {
    const a = await new TransformersEmbedder({ offline: true }).embed(texts);
    const b = await new TransformersEmbedder({ offline: true }).embed(texts);
    expect(a.rows).toBe(10_000);
    expect(a.cols).toBe(100);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);

    const first = await DiskStore.open(join(dir, 'cache'));
    const cold = new CachedEmbedder(new TransformersEmbedder({ offline: true }), { store: first });
    await cold.embed(texts);
    expect(cold.lastReport.computed).toBe(10_000);
    await first.close();

    const second = await DiskStore.open(join(dir, 'cache'));
    const warm = new CachedEmbedder(new TransformersEmbedder({ offline: true }), { store: second });
    const c = await warm.embed(texts);
    expect(warm.lastReport.cacheHits).toBe(10_000);
    expect(warm.lastReport.computed).toBe(0);
    expect(Buffer.from(c.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
