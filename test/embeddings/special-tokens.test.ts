import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';
import { readInitializers } from '../../scripts/build-default-model.onnx.mjs';

// A BERT-style variant of the bundled model: the tokenizer wraps every text as [CLS] … [SEP] (ids 2
// and 3 here, rows of the same table), like the hub's sentence-transformers models. It checks that
// truncation keeps the special tokens (as sentence-transformers does) and that cls pooling takes row 0.
const root = resolve(__dirname, '../..');
let dir = '';
let table: Int8Array;
let scales: Float32Array;
let vocab: Record<string, number>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hfs-bert-like-'));
  const folder = join(dir, 'bert-like');
  cpSync(join(root, 'models', 'glove-100d'), folder, { recursive: true });
  const tok = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8'));
  vocab = tok.model.vocab;
  const cls = 2;
  const sep = 3;
  tok.post_processor = {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [],
    special_tokens: { '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] } },
  };
  // [CLS] and [SEP] take over the ids of 'the' and ',' (any rows of the table serve for this test).
  delete tok.model.vocab['the'];
  delete tok.model.vocab[','];
  tok.model.vocab['[CLS]'] = cls;
  tok.model.vocab['[SEP]'] = sep;
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  tok.added_tokens.push(special(cls, '[CLS]'), special(sep, '[SEP]'));
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(tok));
  const init = readInitializers(new Uint8Array(readFileSync(join(folder, 'onnx', 'model.onnx'))));
  const q = init.embeddings_int8!;
  const s = init.embeddings_scale!;
  table = new Int8Array(q.raw.slice().buffer);
  scales = new Float32Array(s.raw.slice().buffer);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function row(id: number): number[] {
  return Array.from({ length: 100 }, (_, j) => table[id * 100 + j]! * scales[id]!);
}
function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('models with special tokens', () => {
  it('truncates to maxLength keeping [CLS] and [SEP], and mean-pools over all kept tokens', async () => {
    const e = new TransformersEmbedder({ model: join(dir, 'bert-like'), offline: true, maxLength: 5 });
    const x = await e.embed(['cat dog horse mouse bird fish']);
    expect(e.lastReport.truncated).toBe(1);
    const ids = [2, vocab.cat!, vocab.dog!, vocab.horse!, 3]; // [CLS] cat dog horse [SEP]
    const mean = Array.from({ length: 100 }, (_, j) => ids.reduce((s, id) => s + row(id)[j]!, 0) / ids.length);
    const expected = unit(mean);
    expected.forEach((v, j) => expect(x.data[j]!).toBeCloseTo(v, 5));
  });

  it('cls pooling takes the first token', async () => {
    const e = new TransformersEmbedder({ model: join(dir, 'bert-like'), offline: true, pooling: 'cls' });
    const x = await e.embed(['cat dog', 'a very different sentence']);
    const expected = unit(row(2));
    for (const r of [0, 1]) expected.forEach((v, j) => expect(x.data[r * 100 + j]!).toBeCloseTo(v, 5));
  });
});
