import { IDBFactory } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { CachedEmbedder } from '../../src/embeddings/cache.js';
import { IndexedDbStore } from '../../src/embeddings/indexeddb-store.js';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';

it('IndexedDbStore round-trips entries, persists across connections and backs the cache', async () => {
  const factory = new IDBFactory();
  const store = await IndexedDbStore.open({ factory, database: 'test' });
  await store.set([
    { key: 'a', value: new Uint8Array([1, 2, 3]) },
    { key: 'b', value: new Uint8Array([4]) },
  ]);
  const [a, b, c] = await store.get(['a', 'b', 'c']);
  expect(Array.from(a!)).toEqual([1, 2, 3]);
  expect(Array.from(b!)).toEqual([4]);
  expect(c).toBeUndefined();
  expect(await store.stats()).toEqual({ entries: 2, bytes: 4 });
  await store.close();

  const reopened = await IndexedDbStore.open({ factory, database: 'test' });
  expect(Array.from((await reopened.get(['a']))[0]!)).toEqual([1, 2, 3]);
  await reopened.clear();
  const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true });
  const cached = new CachedEmbedder(embedder, { store: reopened, encryptionKey: 'pass phrase' });
  const x = await cached.embed(['the cat sat', 'a market fell']);
  const again = new CachedEmbedder(embedder, { store: reopened, encryptionKey: 'pass phrase' });
  const y = await again.embed(['the cat sat', 'a market fell']);
  expect(again.lastReport.cacheHits).toBe(2);
  expect(Array.from(y.data)).toEqual(Array.from(x.data));
  await reopened.close();
  await expect(reopened.get(['a'])).rejects.toThrow(/closed/);
});

it('IndexedDbStore evicts the least recently used beyond maxEntries', async () => {
  const store = await IndexedDbStore.open({ factory: new IDBFactory(), maxEntries: 5 });
  for (let i = 0; i < 5; i++) await store.set([{ key: `k${i}`, value: new Uint8Array([i]) }]);
  await store.get(['k0']); // k0 is now the most recently used
  await store.set([{ key: 'k5', value: new Uint8Array([5]) }]); // 6 > 5 → down to 4
  const got = await store.get(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
  expect(got.map((v) => (v ? v[0] : undefined))).toEqual([0, undefined, undefined, 3, 4, 5]);
  expect((await store.stats()).entries).toBe(4);
  await store.close();
});
