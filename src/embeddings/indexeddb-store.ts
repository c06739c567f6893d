import { ConfigError } from '../core/errors.js';
import type { EmbeddingStore, StoreEntry, StoreStats } from './store.js';

/** Options of {@link IndexedDbStore.open}. */
export interface IndexedDbStoreOptions {
  /** Database name. Default `hf-separate-embeddings`. */
  database?: string;
  /** An `IDBFactory` (default: `globalThis.indexedDB`; pass `fake-indexeddb` in Node tests). */
  factory?: IDBFactory;
  /** Evict the least recently used entries beyond this many (down to 80%). Default: no limit. */
  maxEntries?: number;
}

const STORE = 'vectors';
const STAMPS = 'stamps'; // key → { key, t } with an index on t (last use), for eviction

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Embedding store for browsers, on IndexedDB (one object store, key → bytes). Each `set` is one
 * transaction that commits before the promise resolves, so a closed tab loses nothing written.
 *
 * @example
 * const store = await IndexedDbStore.open();
 * const embedder = new CachedEmbedder(new TransformersEmbedder(), { store });
 */
export class IndexedDbStore implements EmbeddingStore {
  private clock = Date.now();
  private constructor(
    private db: IDBDatabase | undefined,
    private readonly maxEntries: number,
  ) {}

  /** A strictly increasing use time (ms resolution is not enough to order uses within a batch). */
  private tick(): number {
    this.clock = Math.max(this.clock + 1e-3, Date.now());
    return this.clock;
  }

  /** Opens (or creates) the database. */
  static async open(options: IndexedDbStoreOptions = {}): Promise<IndexedDbStore> {
    const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) {
      throw new ConfigError('IndexedDB is not available in this runtime.', {
        code: 'NO_INDEXEDDB',
        field: 'store',
        fix: "Use MemoryStore, or DiskStore from 'hf-separate/node' in Node.",
      });
    }
    const open = factory.open(options.database ?? 'hf-separate-embeddings', 2);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      if (!db.objectStoreNames.contains(STAMPS)) db.createObjectStore(STAMPS, { keyPath: 'key' }).createIndex('t', 't');
    };
    return new IndexedDbStore(await request(open), options.maxEntries ?? Infinity);
  }

  private get handle(): IDBDatabase {
    if (!this.db) {
      throw new ConfigError('This IndexedDbStore is closed.', { code: 'STORE_CLOSED', field: 'store', fix: 'Open a new one with IndexedDbStore.open().' });
    }
    return this.db;
  }

  async get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const limited = this.maxEntries !== Infinity;
    const tx = this.handle.transaction(limited ? [STORE, STAMPS] : STORE, limited ? 'readwrite' : 'readonly');
    const os = tx.objectStore(STORE);
    const values = await Promise.all(keys.map((k) => request(os.get(k) as IDBRequest<ArrayBuffer | Uint8Array | undefined>)));
    if (limited) {
      const stamps = tx.objectStore(STAMPS);
      keys.forEach((key, i) => values[i] !== undefined && stamps.put({ key, t: this.tick() }));
    }
    await done(tx);
    return values.map((v) => (v === undefined ? undefined : v instanceof Uint8Array ? v : new Uint8Array(v)));
  }

  async set(entries: readonly StoreEntry[]): Promise<void> {
    const tx = this.handle.transaction([STORE, STAMPS], 'readwrite');
    const os = tx.objectStore(STORE);
    const stamps = tx.objectStore(STAMPS);
    for (const { key, value } of entries) {
      os.put(value, key);
      stamps.put({ key, t: this.tick() });
    }
    if (this.maxEntries !== Infinity) {
      const count = await request(stamps.count());
      if (count > this.maxEntries) {
        // Walk the least recently used first and delete down to 80% of the limit.
        let excess = count - Math.floor(this.maxEntries * 0.8);
        await new Promise<void>((resolve, reject) => {
          const cursor = stamps.index('t').openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c || excess <= 0) return resolve();
            const key = (c.value as { key: string }).key;
            os.delete(key);
            c.delete();
            excess--;
            c.continue();
          };
        });
      }
    }
    await done(tx);
  }

  async clear(): Promise<void> {
    const tx = this.handle.transaction([STORE, STAMPS], 'readwrite');
    tx.objectStore(STORE).clear();
    tx.objectStore(STAMPS).clear();
    await done(tx);
  }

  async stats(): Promise<StoreStats> {
    const tx = this.handle.transaction(STORE, 'readonly');
    const os = tx.objectStore(STORE);
    const values = (await request(os.getAll())) as (ArrayBuffer | Uint8Array)[];
    return { entries: values.length, bytes: values.reduce((s, v) => s + v.byteLength, 0) };
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
