import { EmbeddingGenerator, type EmbedOptions } from '../core/contracts.js';
import { ConfigError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { throwIfAborted } from '../core/progress.js';
import { murmur128 } from './hash.js';
import { emptyReport, type EmbedReport } from './report.js';
import { MemoryStore, type EmbeddingStore, type StoreEntry } from './store.js';

/** An embedder whose vectors are a pure function of (configuration, text), so they can be cached. @example new CachedEmbedder(new TransformersEmbedder()) */
export interface FingerprintedEmbedder extends EmbeddingGenerator {
  /** Changes whenever the vectors would (model, revision, dtype, pooling, normalisation, prefix, max length). */
  fingerprint(): Promise<string>;
  lastReport?: EmbedReport;
}

/**
 * The content address of one text's vector: a 128-bit hash of the embedder's fingerprint and the
 * text, as 32 hex characters.
 *
 * @example
 * cacheKey('["transformers","Xenova/all-MiniLM-L6-v2","main","fp32","mean",true,"",256]', 'hello');
 */
export function cacheKey(fingerprint: string, text: string): string {
  return keyer(fingerprint)(text);
}

/**
 * A key function for one fingerprint: the fingerprint is hashed once; each text is hashed with a
 * seed taken from it and the result XORed with the fingerprint's hash, so keys of different
 * configurations never meet.
 */
function keyer(fingerprint: string): (text: string) => string {
  const f = murmur128(fingerprint, 0x6866_7370); // "hfsp"
  const codes = new Array<number>(32);
  return (text: string) => {
    const t = murmur128(text, f[0]!);
    // 32 hex digits built as one flat string (cheaper than 16 concatenations for Map keys).
    for (let w = 0; w < 4; w++) {
      const x = (t[w]! ^ f[w]!) >>> 0;
      for (let d = 0; d < 8; d++) codes[w * 8 + d] = HEX_CODES[(x >>> (28 - 4 * d)) & 15]!;
    }
    return String.fromCharCode.apply(null, codes);
  };
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** A user key for encryption at rest: a `CryptoKey` (AES-GCM), 16/32 raw bytes, or a passphrase. @example const key: CacheEncryptionKey = crypto.getRandomValues(new Uint8Array(32)); */
export type CacheEncryptionKey = CryptoKey | Uint8Array | string;

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!s) {
    throw new ConfigError('Encryption at rest needs WebCrypto (crypto.subtle), which this runtime lacks.', {
      code: 'NO_WEBCRYPTO',
      field: 'encryptionKey',
      fix: 'Use Node 20+ or a browser in a secure context (https), or drop encryptionKey.',
    });
  }
  return s;
}

// A fixed, public salt: the passphrase is the secret. (A per-store salt would need store metadata.)
const PASSPHRASE_SALT = new TextEncoder().encode('hf-separate embedding cache v1');

/**
 * Turns a user key into an AES-GCM `CryptoKey`. Passphrases go through PBKDF2-SHA-256 (210,000
 * iterations, OWASP 2023).
 *
 * @example
 * const key = await importCacheKey('correct horse battery staple');
 */
export async function importCacheKey(key: CacheEncryptionKey): Promise<CryptoKey> {
  const s = subtle();
  if (typeof key === 'string') {
    if (key.length === 0) {
      throw new ConfigError('The cache passphrase is empty.', { code: 'BAD_KEY', field: 'encryptionKey', fix: 'Pass a non-empty passphrase or 32 random bytes.' });
    }
    const base = await s.importKey('raw', new TextEncoder().encode(key), 'PBKDF2', false, ['deriveKey']);
    return s.deriveKey({ name: 'PBKDF2', salt: PASSPHRASE_SALT, iterations: 210_000, hash: 'SHA-256' }, base, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
  }
  if (key instanceof Uint8Array) {
    if (key.length !== 16 && key.length !== 32) {
      throw new ConfigError(`An AES key must be 16 or 32 bytes, got ${key.length}.`, {
        code: 'BAD_KEY',
        field: 'encryptionKey',
        fix: 'Use crypto.getRandomValues(new Uint8Array(32)) or a passphrase string.',
      });
    }
    return s.importKey('raw', key as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  }
  return key;
}

/** Options of {@link CachedEmbedder}. */
export interface CachedEmbedderOptions {
  /** Where vectors are kept. Default: a new {@link MemoryStore}. */
  store?: EmbeddingStore;
  /** Encrypt vectors at rest with AES-GCM (random 96-bit IV per entry, the cache key as associated data). */
  encryptionKey?: CacheEncryptionKey;
  /** Texts looked up and written per round; a killed run loses at most one chunk of work. Default 1024. */
  chunkSize?: number;
}

/**
 * Serves vectors from a content-addressed cache and computes only the misses, writing each chunk
 * as soon as it is computed, so a run killed half-way resumes where it stopped.
 *
 * @example
 * import { DiskStore } from 'hf-separate/node';
 * const embedder = new CachedEmbedder(new TransformersEmbedder(), { store: await DiskStore.open('.hf-separate-cache') });
 * await embedder.embed(texts); // second run: served from disk
 */
export class CachedEmbedder extends EmbeddingGenerator {
  readonly store: EmbeddingStore;
  private readonly chunkSize: number;
  private keyPromise: Promise<CryptoKey> | undefined;
  /** Hits, misses and the inner embedder's counts for the last call. */
  lastReport: EmbedReport = emptyReport();

  constructor(
    readonly inner: FingerprintedEmbedder,
    options: CachedEmbedderOptions = {},
  ) {
    super();
    if (typeof (inner as Partial<FingerprintedEmbedder>).fingerprint !== 'function') {
      throw new ConfigError(`Embedder ${inner.id} cannot be cached: it has no fingerprint().`, {
        code: 'NOT_CACHEABLE',
        field: 'inner',
        fix: 'Cache embedders whose vectors depend only on the text (TransformersEmbedder); corpus-fitted ones such as TF-IDF are recomputed.',
      });
    }
    this.store = options.store ?? new MemoryStore();
    this.chunkSize = options.chunkSize ?? 1024;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) {
      throw new ConfigError(`chunkSize must be a whole number >= 1, got ${this.chunkSize}.`, { code: 'INVALID_OPTION', field: 'chunkSize', fix: 'Use e.g. 1024.' });
    }
    const key = options.encryptionKey;
    if (key !== undefined) {
      if (key instanceof Uint8Array && key.length !== 16 && key.length !== 32) {
        throw new ConfigError(`An AES key must be 16 or 32 bytes, got ${key.length}.`, {
          code: 'BAD_KEY',
          field: 'encryptionKey',
          fix: 'Use crypto.getRandomValues(new Uint8Array(32)) or a passphrase string.',
        });
      }
      this.keyPromise = importCacheKey(key);
      this.keyPromise.catch(() => undefined); // reported on first use by embed()
    }
  }

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number | undefined {
    return this.inner.dimensions;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Matrix<Float32Array>> {
    const started = Date.now();
    const fingerprint = await this.inner.fingerprint();
    const keyOf = keyer(fingerprint);
    const cryptoKey = this.keyPromise ? await this.keyPromise : undefined;
    const n = texts.length;
    const report = emptyReport();
    report.total = n;
    let dim = this.inner.dimensions;
    let out: Float32Array | undefined = dim !== undefined ? new Float32Array(n * dim) : undefined;
    for (let start = 0; start < n; start += this.chunkSize) {
      throwIfAborted(options.signal, 'embed');
      const end = Math.min(n, start + this.chunkSize);
      const keys: string[] = new Array(end - start);
      for (let i = start; i < end; i++) keys[i - start] = keyOf(texts[i] ?? '');
      let values = await this.store.get(keys);
      if (cryptoKey) {
        // Decrypt the chunk's hits concurrently (WebCrypto runs them off the main thread in Node).
        values = await Promise.all(values.map((v, k) => (v === undefined ? undefined : decrypt(cryptoKey, v, keys[k]!))));
      }
      const missIdx: number[] = [];
      let hits = 0;
      for (let k = 0; k < keys.length; k++) {
        const bytes = values[k];
        if (bytes === undefined) {
          missIdx.push(start + k);
          continue;
        }
        const length = bytes.byteLength >>> 2;
        if ((dim !== undefined && length !== dim) || bytes.byteLength % 4 !== 0) {
          missIdx.push(start + k); // an entry of another shape: recompute
          continue;
        }
        dim ??= length;
        out ??= new Float32Array(n * dim);
        // A view when aligned (no copy), else a copy.
        const vec =
          bytes.byteOffset % 4 === 0
            ? new Float32Array(bytes.buffer, bytes.byteOffset, length)
            : new Float32Array(bytes.slice().buffer);
        out.set(vec, (start + k) * dim);
        hits++;
      }
      report.cacheHits += hits;

      if (missIdx.length > 0) {
        missIdx.sort((a, b) => a - b);
        // Compute each distinct text once.
        const unique = new Map<string, number[]>();
        for (const i of missIdx) {
          const t = texts[i] ?? '';
          const list = unique.get(t);
          if (list) list.push(i);
          else unique.set(t, [i]);
        }
        const missTexts = [...unique.keys()];
        const computed = await this.inner.embed(missTexts, {
          ...options,
          onProgress: undefined,
        });
        if (dim === undefined) dim = computed.cols;
        out ??= new Float32Array(n * dim);
        mergeReport(report, this.inner.lastReport);
        let entries: StoreEntry[] = [];
        let u = 0;
        for (const [text, rows] of unique) {
          const vec = computed.data.subarray(u * dim, (u + 1) * dim) as Float32Array;
          for (const i of rows) out.set(vec, i * dim);
          entries.push({ key: keyOf(text), value: new Uint8Array(vec.buffer.slice(vec.byteOffset, vec.byteOffset + vec.byteLength)) });
          u++;
        }
        if (cryptoKey) entries = await Promise.all(entries.map(async (e) => ({ key: e.key, value: await encrypt(cryptoKey, e.value, e.key) })));
        await this.store.set(entries);
        report.computed += missIdx.length;
      }
      options.onProgress?.({ stage: 'embed', done: end, total: n, message: `${report.cacheHits} from cache` });
    }
    if (out === undefined) {
      const d = dim ?? (await this.inner.embed([], options)).cols;
      out = new Float32Array(n * d);
      dim = d;
    }
    report.seconds = (Date.now() - started) / 1000;
    this.lastReport = report;
    return matrix(out, n, dim!);
  }

  /** Closes the store. */
  override async dispose(): Promise<void> {
    await this.store.close();
    await this.inner.dispose();
  }
}

function mergeReport(into: EmbedReport, from: EmbedReport | undefined): void {
  if (!from) return;
  into.empty += from.empty;
  into.truncated += from.truncated;
  into.zeroVectors += from.zeroVectors;
  into.batches += from.batches;
  into.tokens += from.tokens;
  into.paddedTokens += from.paddedTokens;
}

const IV_BYTES = 12;

async function encrypt(key: CryptoKey, plain: Uint8Array, aad: string): Promise<Uint8Array> {
  const iv = new Uint8Array(IV_BYTES);
  globalThis.crypto.getRandomValues(iv);
  const sealed = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) }, key, plain as BufferSource),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv, 0);
  out.set(sealed, IV_BYTES);
  return out;
}

async function decrypt(key: CryptoKey, sealed: Uint8Array, aad: string): Promise<Uint8Array> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES) as BufferSource, additionalData: new TextEncoder().encode(aad) },
      key,
      sealed.subarray(IV_BYTES) as BufferSource,
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new ConfigError('Could not decrypt a cached embedding: the key differs from the one the cache was written with (or the entry is corrupt).', {
      code: 'CACHE_DECRYPT_FAILED',
      field: 'encryptionKey',
      fix: 'Pass the same encryptionKey as the run that filled the cache, or clear the cache (store.clear()).',
      cause: error,
    });
  }
}
