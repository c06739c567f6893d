// Node-only: exported from `hf-separate/node`, never from the browser-safe entry.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { EmbeddingStore, StoreEntry, StoreStats } from './store.js';

const MAGIC = 0x31454648; // "HFE1" little-endian
const HEADER = 16; // magic u32, keyLength u16, reserved u16, valueLength u32, crc32 u32

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE) of a byte range. */
function crc32(buf: Uint8Array, start: number, end: number): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Options of {@link DiskStore.open}. */
export interface DiskStoreOptions {
  /**
   * Compact away least-recently-used entries when the log grows past this many bytes (down to 80%).
   * Default: no limit.
   */
  maxBytes?: number;
  /**
   * `fsync` after every write: survives power loss, not only a killed process. Slower. Default `false`
   * (a killed process never loses a completed write either way; the OS holds it).
   */
  fsync?: boolean;
}

/**
 * A persistent embedding store in one append-only log file (`embeddings.log`): each record is a
 * header with a CRC-32, the key and the value. Opening scans the log and rebuilds the index; a record
 * cut short by a crash fails its length or CRC check and is dropped (the file is truncated to the last
 * good record), so a killed run loses only what it had not finished writing. Chosen over one file per
 * entry after measuring (see docs/embeddings.md): much faster writes, one file handle, no inode per
 * vector. One process at a time (a lock file; a lock left by a killed run is taken over).
 *
 * @example
 * const store = await DiskStore.open('.hf-separate-cache/embeddings', { maxBytes: 512 * 1024 * 1024 });
 * const embedder = new CachedEmbedder(new TransformersEmbedder(), { store });
 */
export class DiskStore implements EmbeddingStore {
  private fd: number;
  private end = 0;
  private liveBytes = 0;
  private clock = 0;
  private readonly index = new Map<string, number>();
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private keyLengths = new Uint16Array(1024);
  private ticks = new Float64Array(1024);
  private slots = 0;
  /** Bytes dropped from the tail on open because a record was incomplete (a crashed write). */
  recoveredBytes = 0;

  private constructor(
    readonly directory: string,
    private readonly options: DiskStoreOptions,
  ) {
    this.fd = -1;
  }

  /** Opens (or creates) the store in `directory` (default `.hf-separate-cache/embeddings` under the working directory). */
  static async open(directory = '.hf-separate-cache/embeddings', options: DiskStoreOptions = {}): Promise<DiskStore> {
    if (options.maxBytes !== undefined && !(options.maxBytes > 0)) {
      throw new ConfigError(`maxBytes must be positive, got ${options.maxBytes}.`, { code: 'INVALID_OPTION', field: 'maxBytes', fix: 'Pass a size in bytes, e.g. 512 * 1024 * 1024.' });
    }
    mkdirSync(directory, { recursive: true });
    const store = new DiskStore(directory, options);
    store.acquireLock();
    try {
      store.openLog();
    } catch (error) {
      store.releaseLock();
      throw error;
    }
    return store;
  }

  private get lockPath(): string {
    return join(this.directory, 'embeddings.lock');
  }

  /**
   * One writer at a time: a lock file holds the owner's pid. A lock left by a process that no longer
   * runs (a killed run) is taken over.
   */
  private acquireLock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(this.lockPath, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
          throw new ConfigError(`The embedding cache in ${this.directory} is in use by process ${owner}.`, {
            code: 'STORE_LOCKED',
            field: 'directory',
            fix: owner === process.pid ? 'Close the other DiskStore on this folder first, or share one instance.' : 'Wait for that run to finish, or give this run its own cache folder.',
          });
        }
        rmSync(this.lockPath, { force: true }); // stale: its owner is gone
      }
    }
  }

  private releaseLock(): void {
    try {
      if (Number(readFileSync(this.lockPath, 'utf8').trim()) === process.pid) rmSync(this.lockPath, { force: true });
    } catch {
      // already gone
    }
  }

  private get path(): string {
    return join(this.directory, 'embeddings.log');
  }

  private openLog(): void {
    if (!existsSync(this.path)) writeFileSync(this.path, new Uint8Array(0));
    this.fd = openSync(this.path, 'r+');
    this.index.clear();
    this.slots = 0;
    this.liveBytes = 0;
    const size = fstatSync(this.fd).size;
    const bytes = size > 0 ? readFileSync(this.path) : new Uint8Array(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 0;
    while (pos + HEADER <= bytes.length) {
      if (view.getUint32(pos, true) !== MAGIC) break;
      const keyLength = view.getUint16(pos + 4, true);
      const valueLength = view.getUint32(pos + 8, true);
      const crc = view.getUint32(pos + 12, true);
      const recordEnd = pos + HEADER + keyLength + valueLength;
      if (recordEnd > bytes.length) break;
      if (crc32(bytes, pos + HEADER, recordEnd) !== crc) break;
      const key = latin1(bytes, pos + HEADER, pos + HEADER + keyLength);
      this.put(key, pos, keyLength, valueLength);
      pos = recordEnd;
    }
    if (pos < size) {
      // A torn tail from a crash: cut it so new records append after the last good one.
      this.recoveredBytes = size - pos;
      ftruncateSync(this.fd, pos);
    }
    this.end = pos;
  }

  private put(key: string, offset: number, keyLength: number, valueLength: number): void {
    let slot = this.index.get(key);
    if (slot === undefined) {
      if (this.slots === this.offsets.length) this.grow();
      slot = this.slots++;
      this.index.set(key, slot);
    } else {
      this.liveBytes -= HEADER + this.keyLengths[slot]! + this.lengths[slot]!;
    }
    this.offsets[slot] = offset;
    this.lengths[slot] = valueLength;
    this.keyLengths[slot] = keyLength;
    this.ticks[slot] = ++this.clock;
    this.liveBytes += HEADER + keyLength + valueLength;
  }

  private grow(): void {
    const n = this.offsets.length * 2;
    const g = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(n);
      b.set(a);
      return b;
    };
    this.offsets = g(this.offsets, Float64Array);
    this.lengths = g(this.lengths, Uint32Array);
    this.keyLengths = g(this.keyLengths, Uint16Array);
    this.ticks = g(this.ticks, Float64Array);
  }

  async get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    this.assertOpen();
    const out: (Uint8Array | undefined)[] = new Array(keys.length);
    // Hits sorted by file offset; records next to each other are read with one system call.
    const hits: number[] = [];
    const slotOf = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const slot = this.index.get(keys[i]!);
      if (slot === undefined) continue;
      slotOf[i] = slot;
      hits.push(i);
      this.ticks[slot] = ++this.clock;
    }
    // Usually already in file order (the same texts, in the same order, as when written).
    let sorted = true;
    for (let h = 1; h < hits.length && sorted; h++) sorted = this.offsets[slotOf[hits[h - 1]!]!]! <= this.offsets[slotOf[hits[h]!]!]!;
    if (!sorted) hits.sort((a, b) => this.offsets[slotOf[a]!]! - this.offsets[slotOf[b]!]!);
    const MAX_SPAN = 4 * 1024 * 1024;
    for (let h = 0; h < hits.length; ) {
      const first = slotOf[hits[h]!]!;
      const start = this.offsets[first]!;
      let end = start + HEADER + this.keyLengths[first]! + this.lengths[first]!;
      let g = h + 1;
      while (g < hits.length) {
        const s = slotOf[hits[g]!]!;
        const o = this.offsets[s]!;
        const e = o + HEADER + this.keyLengths[s]! + this.lengths[s]!;
        if (o !== end || e - start > MAX_SPAN) break; // not adjacent (or span too large)
        end = e;
        g++;
      }
      const span = new Uint8Array(end - start);
      readSync(this.fd, span, 0, span.length, start);
      for (let q = h; q < g; q++) {
        const s = slotOf[hits[q]!]!;
        const at = this.offsets[s]! - start + HEADER + this.keyLengths[s]!;
        out[hits[q]!] = span.subarray(at, at + this.lengths[s]!);
      }
      h = g;
    }
    return out;
  }

  async set(entries: readonly StoreEntry[]): Promise<void> {
    this.assertOpen();
    if (entries.length === 0) return;
    let total = 0;
    for (const e of entries) total += HEADER + e.key.length + e.value.length;
    const buf = new Uint8Array(total);
    const view = new DataView(buf.buffer);
    let pos = 0;
    const placed: [string, number, number, number][] = [];
    for (const { key, value } of entries) {
      if (key.length > 0xffff || !/^[\x20-\x7e]*$/.test(key)) {
        throw new ConfigError('DiskStore keys must be printable ASCII up to 65535 characters.', { code: 'BAD_KEY', field: 'key', fix: 'Use cacheKey() to make keys.' });
      }
      view.setUint32(pos, MAGIC, true);
      view.setUint16(pos + 4, key.length, true);
      view.setUint32(pos + 8, value.length, true);
      for (let i = 0; i < key.length; i++) buf[pos + HEADER + i] = key.charCodeAt(i);
      buf.set(value, pos + HEADER + key.length);
      const recordEnd = pos + HEADER + key.length + value.length;
      view.setUint32(pos + 12, crc32(buf, pos + HEADER, recordEnd), true);
      placed.push([key, this.end + pos, key.length, value.length]);
      pos = recordEnd;
    }
    let written = 0;
    while (written < total) written += writeSync(this.fd, buf, written, total - written, this.end + written);
    if (this.options.fsync) fsyncSync(this.fd);
    this.end += total;
    for (const [key, offset, kl, vl] of placed) this.put(key, offset, kl, vl);
    if (this.options.maxBytes !== undefined && this.end > this.options.maxBytes) this.compact(this.options.maxBytes * 0.8);
  }

  /**
   * Rewrites the log with only the live entries (the most recently used first to be kept), at most
   * `targetBytes`. The new log is written beside the old one and renamed over it, so a crash during
   * compaction leaves one of the two intact.
   */
  compact(targetBytes = Infinity): void {
    this.assertOpen();
    const slots = [...this.index.entries()].sort((a, b) => this.ticks[b[1]]! - this.ticks[a[1]]!);
    const keep: [string, number][] = [];
    let bytes = 0;
    for (const [key, slot] of slots) {
      const size = HEADER + this.keyLengths[slot]! + this.lengths[slot]!;
      if (bytes + size > targetBytes) break;
      keep.push([key, slot]);
      bytes += size;
    }
    keep.reverse(); // oldest first, so the file order keeps meaning "least recently used first"
    const out = new Uint8Array(bytes);
    let pos = 0;
    for (const [, slot] of keep) {
      const size = HEADER + this.keyLengths[slot]! + this.lengths[slot]!;
      readSync(this.fd, out, pos, size, this.offsets[slot]!);
      pos += size;
    }
    const tmp = this.path + '.compact';
    const fd = openSync(tmp, 'w');
    try {
      let written = 0;
      while (written < out.length) written += writeSync(fd, out, written, out.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    closeSync(this.fd);
    renameSync(tmp, this.path);
    this.openLog();
  }

  async clear(): Promise<void> {
    this.assertOpen();
    ftruncateSync(this.fd, 0);
    this.end = 0;
    this.liveBytes = 0;
    this.index.clear();
    this.slots = 0;
  }

  async stats(): Promise<StoreStats & { fileBytes: number }> {
    return { entries: this.index.size, bytes: this.liveBytes, fileBytes: this.end };
  }

  async close(): Promise<void> {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      this.releaseLock();
    }
  }

  private assertOpen(): void {
    if (this.fd < 0) {
      throw new ConfigError('This DiskStore is closed.', { code: 'STORE_CLOSED', field: 'store', fix: 'Open a new one with DiskStore.open(directory).' });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * One file per entry (`<dir>/<first two hex>/<key>`), each written to a temporary name and renamed,
 * so it is crash-safe too. Kept as the measured alternative to {@link DiskStore} (slower writes and
 * an inode per vector; see docs/embeddings.md); no size limit.
 *
 * @example
 * const store = new LooseFileStore('.hf-separate-cache/loose');
 */
export class LooseFileStore implements EmbeddingStore {
  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  private file(key: string): string {
    return join(this.directory, key.slice(0, 2), key);
  }

  async get(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    return keys.map((k) => {
      try {
        return new Uint8Array(readFileSync(this.file(k)));
      } catch {
        return undefined;
      }
    });
  }

  async set(entries: readonly StoreEntry[]): Promise<void> {
    for (const { key, value } of entries) {
      const dir = join(this.directory, key.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      const tmp = this.file(key) + '.tmp';
      writeFileSync(tmp, value);
      renameSync(tmp, this.file(key));
    }
  }

  async clear(): Promise<void> {
    rmSync(this.directory, { recursive: true, force: true });
    mkdirSync(this.directory, { recursive: true });
  }

  async stats(): Promise<StoreStats> {
    let entries = 0;
    let bytes = 0;
    for (const sub of readdirSync(this.directory)) {
      for (const f of readdirSync(join(this.directory, sub))) {
        if (f.endsWith('.tmp')) continue;
        entries++;
        bytes += statSync(join(this.directory, sub, f)).size;
      }
    }
    return { entries, bytes };
  }

  async close(): Promise<void> {}
}
