import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingGenerator } from '../../src/core/contracts.js';
import { ConfigError } from '../../src/core/errors.js';
import { matrix, type Matrix } from '../../src/core/matrix.js';
import { CachedEmbedder, cacheKey } from '../../src/embeddings/cache.js';
import { DiskStore, LooseFileStore } from '../../src/embeddings/disk-store.js';
import { hash128 } from '../../src/embeddings/hash.js';
import { emptyReport } from '../../src/embeddings/report.js';
import { MemoryStore } from '../../src/embeddings/store.js';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';

/** A deterministic embedder that counts what it computes and can be told to die after some calls. */
class CountingEmbedder extends EmbeddingGenerator {
  readonly id = 'counting';
  readonly dimensions = 4;
  computed = 0;
  calls = 0;
  lastReport = emptyReport();
  constructor(private readonly dieAfterCalls = Infinity) {
    super();
  }
  async fingerprint(): Promise<string> {
    return 'counting-v1';
  }
  async embed(texts: readonly string[]): Promise<Matrix<Float32Array>> {
    if (this.calls++ >= this.dieAfterCalls) throw new Error('simulated kill');
    this.computed += texts.length;
    const out = new Float32Array(texts.length * 4);
    texts.forEach((t, i) => out.set([t.length, t.charCodeAt(0) || 0, i === -1 ? 1 : 0.5, hashNum(t)], i * 4));
    return matrix(out, texts.length, 4);
  }
}
function hashNum(t: string): number {
  return parseInt(hash128(t).slice(0, 6), 16) / 0xffffff;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hfs-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const texts = Array.from({ length: 50 }, (_, i) => `text ${i % 40}`); // 40 distinct, 10 repeats

describe('hash128', () => {
  it('is stable and collision-free on 200k near-identical strings', () => {
    expect(hash128('')).toMatch(/^[0-9a-f]{32}$/);
    expect(hash128('hello')).toBe(hash128('hello'));
    expect(hash128('hello')).not.toBe(hash128('hellp'));
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hash128(`row ${i}`));
    expect(seen.size).toBe(200_000);
    // One changed character flips about half of the 128 bits.
    const bits = (h: string) => BigInt('0x' + h);
    let x = bits(hash128('the quick brown fox')) ^ bits(hash128('the quick brown fix'));
    let flipped = 0;
    while (x) {
      flipped += Number(x & 1n);
      x >>= 1n;
    }
    expect(flipped).toBeGreaterThan(40);
    expect(flipped).toBeLessThan(88);
  });

  it('cache keys change with the fingerprint and the text', () => {
    expect(cacheKey('a', 'x')).not.toBe(cacheKey('b', 'x'));
    expect(cacheKey('a', 'x')).not.toBe(cacheKey('a', 'y'));
    // The separator keeps ("ab","c") and ("a","bc") apart.
    expect(cacheKey('ab', 'c')).not.toBe(cacheKey('a', 'bc'));
  });
});

describe('CachedEmbedder', () => {
  it('serves hits from memory and computes each distinct miss once', async () => {
    const inner = new CountingEmbedder();
    const cached = new CachedEmbedder(inner, { chunkSize: 16 });
    const first = await cached.embed(texts);
    expect(inner.computed).toBe(40); // repeats inside a chunk are deduplicated, repeats in later chunks are hits
    const direct = await new CountingEmbedder().embed(texts);
    expect(Array.from(first.data)).toEqual(Array.from(direct.data));
    const before = inner.computed;
    const second = await cached.embed(texts);
    expect(inner.computed).toBe(before);
    expect(cached.lastReport).toMatchObject({ total: 50, cacheHits: 50, computed: 0 });
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
  });

  it('refuses embedders without a fingerprint', () => {
    const plain = { id: 'x', dimensions: 1, embed: async () => matrix(new Float32Array(0), 0, 1), dispose: async () => {} };
    expect(() => new CachedEmbedder(plain as never)).toThrow(ConfigError);
  });

  it('resumes after a run killed half-way: nothing written is recomputed', async () => {
    const dir = tempDir();
    const many = Array.from({ length: 100 }, (_, i) => `document ${i}`);
    const dying = new CountingEmbedder(3); // dies on its 4th chunk
    let store = await DiskStore.open(dir);
    await expect(new CachedEmbedder(dying, { store, chunkSize: 10 }).embed(many)).rejects.toThrow('simulated kill');
    expect(dying.computed).toBe(30);
    await store.close();
    // A kill during a write leaves a torn record at the end of the log.
    appendFileSync(join(dir, 'embeddings.log'), Buffer.from([0x46, 0x48, 0x45, 0x31, 32, 0, 0, 0, 16, 0]));
    store = await DiskStore.open(dir);
    expect(store.recoveredBytes).toBe(10);
    expect((await store.stats()).entries).toBe(30);
    const fresh = new CountingEmbedder();
    const resumed = await new CachedEmbedder(fresh, { store, chunkSize: 10 }).embed(many);
    expect(fresh.computed).toBe(70);
    const reference = await new CountingEmbedder().embed(many);
    expect(Array.from(resumed.data)).toEqual(Array.from(reference.data));
    await store.close();
    // And a third run is all hits, from a freshly opened store.
    const third = new CountingEmbedder();
    const reopened = await DiskStore.open(dir);
    await new CachedEmbedder(third, { store: reopened }).embed(many);
    expect(third.computed).toBe(0);
    await reopened.close();
  });

  it('encrypts at rest: round-trips with the key, fails clearly with another, stores no plaintext', async () => {
    const dir = tempDir();
    const key = new Uint8Array(32).fill(7);
    const inner = new CountingEmbedder();
    let store = await DiskStore.open(dir);
    const x = await new CachedEmbedder(inner, { store, encryptionKey: key }).embed(['secret text']);
    await store.close();
    const raw = readFileSync(join(dir, 'embeddings.log'));
    const plain = Buffer.from(x.data.buffer);
    expect(raw.includes(plain)).toBe(false);
    store = await DiskStore.open(dir);
    const again = new CountingEmbedder();
    const y = await new CachedEmbedder(again, { store, encryptionKey: key }).embed(['secret text']);
    expect(again.computed).toBe(0);
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    const wrong = new CachedEmbedder(new CountingEmbedder(), { store, encryptionKey: 'another passphrase' });
    const error = await wrong.embed(['secret text']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CACHE_DECRYPT_FAILED');
    await store.close();
    expect(() => new CachedEmbedder(new CountingEmbedder(), { encryptionKey: new Uint8Array(5) })).toThrow(/16 or 32 bytes/);
  });

  it('caches real model vectors with a fingerprint that includes the settings', async () => {
    const a = new TransformersEmbedder({ model: 'glove-100d', offline: true });
    const b = new TransformersEmbedder({ model: 'glove-100d', offline: true, maxLength: 3 });
    expect(await a.fingerprint()).not.toBe(await b.fingerprint());
    const store = new MemoryStore();
    const cached = new CachedEmbedder(a, { store });
    const x1 = await cached.embed(['the cat sat', 'a dog barked']);
    const x2 = await cached.embed(['the cat sat', 'a dog barked']);
    expect(cached.lastReport.cacheHits).toBe(2);
    expect(Array.from(x2.data)).toEqual(Array.from(x1.data));
    await new CachedEmbedder(b, { store }).embed(['the cat sat']);
    expect((await store.stats()).entries).toBe(3);
  });
});

describe('stores', () => {
  const entry = (i: number, size = 40) => ({ key: hash128(`k${i}`), value: new Uint8Array(size).fill(i % 256) });

  it('MemoryStore evicts the least recently used beyond maxBytes', async () => {
    const store = new MemoryStore({ maxBytes: 100 });
    await store.set([entry(1), entry(2)]);
    await store.get([entry(1).key]); // 1 is now more recent than 2
    await store.set([entry(3)]);
    const [v1, v2, v3] = await store.get([entry(1).key, entry(2).key, entry(3).key]);
    expect(v1).toBeDefined();
    expect(v2).toBeUndefined();
    expect(v3).toBeDefined();
    expect((await store.stats()).bytes).toBeLessThanOrEqual(100);
  });

  it('DiskStore compacts to 80% of maxBytes keeping the most recently used, and survives reopening', async () => {
    const dir = tempDir();
    const record = 16 + 32 + 40;
    const store = await DiskStore.open(dir, { maxBytes: record * 10 });
    for (let i = 0; i < 10; i++) await store.set([entry(i)]);
    await store.get([entry(0).key]); // touch the oldest
    await store.set([entry(10)]); // 11 records > 10 → compact to 8
    const stats = await store.stats();
    expect(stats.entries).toBe(8);
    expect(statSync(join(dir, 'embeddings.log')).size).toBe(8 * record);
    const got = await store.get([entry(0).key, entry(1).key, entry(10).key]);
    expect(got[0]).toEqual(entry(0).value);
    expect(got[1]).toBeUndefined();
    expect(got[2]).toEqual(entry(10).value);
    await store.close();
    const reopened = await DiskStore.open(dir);
    expect((await reopened.stats()).entries).toBe(8);
    expect((await reopened.get([entry(10).key]))[0]).toEqual(entry(10).value);
    // A later write of the same key wins.
    await reopened.set([{ key: entry(10).key, value: new Uint8Array([9, 9]) }]);
    await reopened.close();
    const third = await DiskStore.open(dir);
    expect((await third.get([entry(10).key]))[0]).toEqual(new Uint8Array([9, 9]));
    await third.clear();
    expect((await third.stats()).entries).toBe(0);
    await third.close();
  });

  it('LooseFileStore round-trips entries', async () => {
    const store = new LooseFileStore(tempDir());
    await store.set([entry(1), entry(2)]);
    const [a, b, c] = await store.get([entry(1).key, entry(2).key, entry(3).key]);
    expect(a).toEqual(entry(1).value);
    expect(b).toEqual(entry(2).value);
    expect(c).toBeUndefined();
    expect(await store.stats()).toEqual({ entries: 2, bytes: 80 });
  });
});

describe('DiskStore lock', () => {
  it('refuses a second opener while the first is open, and takes over a stale lock', async () => {
    const dir = tempDir();
    const a = await DiskStore.open(dir);
    await expect(DiskStore.open(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await a.close();
    const b = await DiskStore.open(dir);
    await b.close();
    // A lock file of a process that is gone (pid 2^22 + 1 is above Linux's default pid_max).
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'embeddings.lock'), String(4194305));
    const c = await DiskStore.open(dir);
    await c.close();
  });
});
