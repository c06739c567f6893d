import { ConfigError } from '../core/errors.js';
import type { EmbeddingStore, StoreEntry, StoreStats } from './store.js';

/** Options of {@link IndexedDbStore.open}. */
export interface IndexedDbStoreOptions {
  /** Database name. Default `hf-separate-embeddings`. */
  database?: string;
  /** An `IDBFactory` (default: `globalThis.indexedDB`; pass `fake-indexeddb` in Node tests). */
  factory?: IDBFactory;
}

const STORE = 'vectors';

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
  private constructor(private db: IDBDatabase | undefined) {}

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
    const open = factory.open(options.database ?? 'hf-separate-embeddings', 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
    };
    return new IndexedDbStore(await request(open));
  }

  private get handle(): IDBDatabase {
    if (!this.db) {
      throw new ConfigError('This IndexedDbStore is closed.', { code: 'STORE_CLOSED', field: 'store', fix: 'Open a new one with IndexedDbStore.open().' });
    }
    return this.db;
  }

  async get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const tx = this.handle.transaction(STORE, 'readonly');
    const os = tx.objectStore(STORE);
    const values = await Promise.all(keys.map((k) => request(os.get(k) as IDBRequest<ArrayBuffer | Uint8Array | undefined>)));
    return values.map((v) => (v === undefined ? undefined : v instanceof Uint8Array ? v : new Uint8Array(v)));
  }

  async set(entries: readonly StoreEntry[]): Promise<void> {
    const tx = this.handle.transaction(STORE, 'readwrite');
    const os = tx.objectStore(STORE);
    for (const { key, value } of entries) os.put(value, key);
    await done(tx);
  }

  async clear(): Promise<void> {
    const tx = this.handle.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
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
