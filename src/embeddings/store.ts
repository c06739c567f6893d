/**
 * Where cached embeddings live. Values are opaque bytes (the cache encodes and, when asked,
 * encrypts vectors before they reach the store), keys are 32-character hex content hashes.
 * Implementations: {@link MemoryStore} (here), `DiskStore` (Node, `hf-separate/node`) and
 * {@link IndexedDbStore} (browsers).
 *
 * @example
 * class MyStore implements EmbeddingStore { ... }
 * new CachedEmbedder(embedder, { store: new MyStore() });
 */
export interface EmbeddingStore {
  /** Values for `keys`, in order; `undefined` for a miss. */
  get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]>;
  /** Stores entries; once the promise resolves they survive the process being killed. */
  set(entries: readonly StoreEntry[]): Promise<void>;
  /** Removes every entry. */
  clear(): Promise<void>;
  /** Entry count and bytes held. */
  stats(): Promise<StoreStats>;
  /** Flushes and releases files or connections. */
  close(): Promise<void>;
}

/** One key and its bytes. */
export interface StoreEntry {
  key: string;
  value: Uint8Array;
}

/** Size of a store. */
export interface StoreStats {
  entries: number;
  bytes: number;
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Evict least-recently-used entries beyond this many value bytes. Default: no limit. */
  maxBytes?: number;
}

/**
 * An in-memory store with least-recently-used eviction. Browser-safe.
 *
 * @example
 * const store = new MemoryStore({ maxBytes: 64 * 1024 * 1024 });
 */
export class MemoryStore implements EmbeddingStore {
  private readonly map = new Map<string, Uint8Array>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? Infinity;
  }

  async get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    return keys.map((k) => {
      const v = this.map.get(k);
      if (v !== undefined && this.maxBytes !== Infinity) {
        // Re-insert to mark as most recently used (Map keeps insertion order).
        this.map.delete(k);
        this.map.set(k, v);
      }
      return v;
    });
  }

  async set(entries: readonly StoreEntry[]): Promise<void> {
    for (const { key, value } of entries) {
      const old = this.map.get(key);
      if (old) {
        this.bytes -= old.length;
        this.map.delete(key);
      }
      this.map.set(key, value);
      this.bytes += value.length;
    }
    if (this.bytes > this.maxBytes) {
      for (const [k, v] of this.map) {
        if (this.bytes <= this.maxBytes) break;
        this.map.delete(k);
        this.bytes -= v.length;
      }
    }
  }

  async clear(): Promise<void> {
    this.map.clear();
    this.bytes = 0;
  }

  async stats(): Promise<StoreStats> {
    return { entries: this.map.size, bytes: this.bytes };
  }

  async close(): Promise<void> {}
}
