import { z } from 'zod';
import { ConfigError, InputError, ModelError } from '../core/errors.js';
import { isMissing } from '../data/missing.js';
import { createTokenizer, ngrams } from '../text/tokenize.js';
import { CleaningOptionsSchema, cleanTextWithReport, emptyCleaningCounts, type CleaningCounts } from './clean.js';
import { detectLanguages, UNKNOWN_LANGUAGE } from './language.js';

/** How texts are split into tokens by {@link TextPreprocessor.tokenize}. */
export const TOKENIZATIONS = {
  words: 'Unicode words (letters/digits with inner apostrophes and hyphens), lower-cased',
  ngrams: 'word n-grams over `ngramRange`, joined by a space',
  chars: 'character n-grams over `ngramRange` inside word boundaries (robust to spelling variants)',
  model: "the embedding model's own sub-word tokenizer (a Hugging Face model id, or a function)",
} as const;
/** One of {@link TOKENIZATIONS}. */
export type Tokenization = keyof typeof TOKENIZATIONS;

/** Options of {@link TextPreprocessor}. Every field has a description (config docs and JSON Schema). */
export const TextPreprocessorOptionsSchema = z
  .object({
    cleaning: CleaningOptionsSchema.default(CleaningOptionsSchema.parse({})).describe('Cleaning switches: normalize, html, markdown, urls, emails, control, whitespace, lowercase.'),
    detectLanguage: z.boolean().default(true).describe('Detect the language of each row (tinyld); the counts go in the report.'),
    minLanguageLength: z.number().int().min(0).default(8).describe("Rows with fewer letters than this get language 'und' (undetermined)."),
    separator: z.string().default('\n').describe('Put between columns when they are joined.'),
    deduplicate: z.boolean().default(true).describe('Process each distinct text once; every row keeps a pointer to its group, so nothing is lost.'),
    tokenization: z.enum(['words', 'ngrams', 'chars', 'model']).default('words').describe('Tokenisation strategy for tokenize(): words, ngrams, chars or the model tokenizer.'),
    ngramRange: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 2]).describe('Smallest and largest n for n-gram tokenisation.'),
    stopWords: z.boolean().default(false).describe("Drop stop words of each row's detected language (en, de, fr, es, it, pt, nl) when tokenising."),
    model: z.string().optional().describe("Hugging Face model id or folder whose tokenizer 'model' tokenisation uses."),
  })
  .strict();
/** Input form of {@link TextPreprocessorOptionsSchema}. */
export type TextPreprocessorOptions = z.input<typeof TextPreprocessorOptionsSchema>;
type Parsed = z.output<typeof TextPreprocessorOptionsSchema>;

/** What {@link TextPreprocessor.process} changed and found. */
export interface TextPreprocessReport {
  rows: number;
  columns: string[];
  /** Per cleaning rule: texts changed and matches replaced (counted over distinct texts × their rows). */
  cleaning: CleaningCounts;
  /** Rows whose text is missing or empty after cleaning. */
  emptyTexts: number;
  /** Rows per detected language (ISO 639-1, `und` when undetermined), most frequent first. */
  languages: { language: string; rows: number }[];
  /** Distinct texts after cleaning, and how many rows repeat an earlier one. */
  distinct: number;
  duplicateRows: number;
  /** The largest duplicate groups: text (shortened), rows. */
  topDuplicates: { text: string; rows: number }[];
}

/** The processed texts: per row, per distinct text, and the map between them. */
export interface PreprocessedTexts {
  /** Cleaned text per input row (the columns joined with `separator`; per column in `columns`). */
  texts: string[];
  /** Cleaned text per row per column (always present; with one column it equals `texts`). */
  columns: Record<string, string[]>;
  /** Language per row (`und` when undetermined or detection is off). */
  languages: string[];
  /** Detector confidence per row. */
  languageConfidence: Float64Array;
  /** Distinct cleaned texts (of `texts`), in first-seen order. */
  unique: string[];
  /** For each row, the index of its text in `unique`. */
  groupOf: Int32Array;
  /** Rows per distinct text. */
  counts: Int32Array;
  report: TextPreprocessReport;
}

/** A row source: objects keyed by column, or one array of texts (column name `text`). */
export type TextRows = readonly Record<string, unknown>[] | readonly (string | null | undefined)[];

/**
 * Cleans, normalises and de-duplicates text columns (joined per row, and kept per column so a
 * separator can embed them apart), detects each row's language and tokenises.
 * Nothing is dropped: every input row has its cleaned text, language and duplicate group, and the
 * report says what each cleaning rule changed.
 *
 * @example
 * const pre = new TextPreprocessor({ cleaning: { urls: '<url>' } });
 * const out = await pre.process(['Visit https://x.org!', 'Visit https://x.org!', 'Hallo Welt, wie geht es?']);
 * out.texts;            // ['Visit <url>!', 'Visit <url>!', 'Hallo Welt, wie geht es?']
 * out.groupOf;          // Int32Array [0, 0, 1]
 * out.report.languages; // [{ language: 'en', rows: 2 }, { language: 'de', rows: 1 }]
 */
export class TextPreprocessor {
  readonly options: Parsed;
  private modelTokenizer: ((text: string) => string[]) | undefined;

  constructor(options: TextPreprocessorOptions = {}) {
    const parsed = TextPreprocessorOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`Invalid TextPreprocessor option ${issue.path.join('.') || ''}: ${issue.message}.`, {
        code: 'INVALID_OPTION',
        field: issue.path.join('.') || 'options',
        fix: 'See TextPreprocessorOptionsSchema for the allowed values.',
      });
    }
    this.options = parsed.data;
  }

  /**
   * Processes `columns` of `rows` (or a plain array of texts).
   *
   * @example const out = await new TextPreprocessor().process(rows, ['title', 'body']);
   */
  async process(rows: TextRows, columns?: readonly string[]): Promise<PreprocessedTexts> {
    const o = this.options;
    const plain = rows.length > 0 && (typeof rows[0] === 'string' || rows[0] === null || rows[0] === undefined);
    const cols = plain ? ['text'] : columns && columns.length > 0 ? [...columns] : inferTextColumns(rows as Record<string, unknown>[]);
    if (cols.length === 0) {
      throw new InputError('No text column to preprocess.', { code: 'NO_TEXT', field: 'textColumns', fix: 'Name the text columns, e.g. process(rows, ["text"]).' });
    }
    if (!plain && rows.length > 0) {
      const first = rows[0] as Record<string, unknown>;
      for (const c of cols) {
        if (!rows.some((r) => Object.hasOwn(r as object, c))) {
          throw new InputError(`Text column "${c}" is not in the data.`, {
            code: 'UNKNOWN_COLUMN',
            field: c,
            fix: `Use one of: ${Object.keys(first).join(', ')}.`,
          });
        }
      }
    }
    const n = rows.length;
    const counts = emptyCleaningCounts();
    const cache = new Map<string, string>();
    const cacheCounts = new Map<string, CleaningCounts>();
    const perColumn: Record<string, string[]> = {};
    let emptyTexts = 0;
    for (const c of cols) {
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const raw = plain ? rows[i] : (rows[i] as Record<string, unknown>)[c];
        if (isMissing(raw)) {
          out[i] = '';
          continue;
        }
        const s = String(raw);
        let cleaned = cache.get(s);
        if (cleaned === undefined) {
          const local = emptyCleaningCounts();
          cleaned = cleanTextWithReport(s, o.cleaning, local);
          cache.set(s, cleaned);
          cacheCounts.set(s, local);
        }
        addCounts(counts, cacheCounts.get(s)!);
        out[i] = cleaned;
      }
      perColumn[c] = out;
    }
    const texts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const parts: string[] = [];
      for (const c of cols) if (perColumn[c]![i]!.length > 0) parts.push(perColumn[c]![i]!);
      texts[i] = parts.join(o.separator);
      if (texts[i]!.length === 0) emptyTexts++;
    }

    // De-duplication: rows → distinct text groups (always computed; `deduplicate` only decides whether
    // later steps work per distinct text).
    const index = new Map<string, number>();
    const unique: string[] = [];
    const groupOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = texts[i]!;
      let g = index.get(t);
      if (g === undefined) {
        g = unique.length;
        index.set(t, g);
        unique.push(t);
      }
      groupOf[i] = g;
    }
    const groupCounts = new Int32Array(unique.length);
    for (let i = 0; i < n; i++) groupCounts[groupOf[i]!]!++;

    const languages = new Array<string>(n).fill(UNKNOWN_LANGUAGE);
    const languageConfidence = new Float64Array(n);
    if (o.detectLanguage) {
      const guesses = await detectLanguages(o.deduplicate ? unique : texts, { minLength: o.minLanguageLength });
      for (let i = 0; i < n; i++) {
        const g = guesses[o.deduplicate ? groupOf[i]! : i]!;
        languages[i] = g.language;
        languageConfidence[i] = g.confidence;
      }
    }
    const langCounts = new Map<string, number>();
    for (const l of languages) langCounts.set(l, (langCounts.get(l) ?? 0) + 1);
    const topDuplicates = [...groupCounts.entries()]
      .filter(([, c]) => c > 1)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 10)
      .map(([g, c]) => ({ text: shorten(unique[g]!), rows: c }));
    return {
      texts,
      columns: perColumn,
      languages,
      languageConfidence,
      unique,
      groupOf,
      counts: groupCounts,
      report: {
        rows: n,
        columns: cols,
        cleaning: counts,
        emptyTexts,
        languages: [...langCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([language, rows]) => ({ language, rows })),
        distinct: unique.length,
        duplicateRows: n - unique.length,
        topDuplicates,
      },
    };
  }

  /**
   * Tokenises one text with the configured strategy (`words`, `ngrams`, `chars` or `model`).
   * `language` picks the stop-word list when `stopWords` is on.
   *
   * @example new TextPreprocessor({ tokenization: 'ngrams', ngramRange: [1, 2] }).tokenize('red apple pie');
   * // ['red', 'apple', 'pie', 'red apple', 'apple pie']
   */
  async tokenize(text: string, language = 'en'): Promise<string[]> {
    const o = this.options;
    if (o.tokenization === 'model') {
      const tok = await this.loadModelTokenizer();
      return tok(text);
    }
    const words = createTokenizer({ stopWords: o.stopWords, language: language === UNKNOWN_LANGUAGE ? 'en' : language, lowercase: true })(text);
    if (o.tokenization === 'words') return words;
    if (o.tokenization === 'ngrams') return ngrams(words, o.ngramRange);
    const [lo, hi] = o.ngramRange;
    const out: string[] = [];
    for (const w of words) {
      const padded = `<${w}>`;
      const chars = Array.from(padded);
      for (let n = Math.max(lo, 2); n <= Math.max(hi, 2); n++) {
        for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
      }
    }
    return out;
  }

  /** Uses `fn` as the `model` tokenizer (e.g. an already loaded Hugging Face tokenizer's `tokenize`). */
  useTokenizer(fn: (text: string) => string[]): this {
    this.modelTokenizer = fn;
    return this;
  }

  private async loadModelTokenizer(): Promise<(text: string) => string[]> {
    if (this.modelTokenizer) return this.modelTokenizer;
    const model = this.options.model;
    if (!model) {
      throw new ConfigError("tokenization 'model' needs a model id (or useTokenizer(fn)).", {
        code: 'MISSING_OPTION',
        field: 'model',
        fix: "Pass { model: 'Xenova/all-MiniLM-L6-v2' } or call useTokenizer(fn).",
      });
    }
    try {
      const { loadTransformers } = await import('../embeddings/transformers-embedder.js');
      const tf = (await loadTransformers()) as unknown as { AutoTokenizer: { from_pretrained(id: string): Promise<{ tokenize(t: string): string[] }> } };
      const tok = await tf.AutoTokenizer.from_pretrained(model);
      this.modelTokenizer = (t) => tok.tokenize(t);
      return this.modelTokenizer;
    } catch (error) {
      throw new ModelError(`Could not load the tokenizer of "${model}": ${String((error as Error).message ?? error)}.`, {
        code: 'TOKENIZER_UNAVAILABLE',
        field: 'model',
        fix: 'Check the model id / folder, or allow downloads (or pass useTokenizer(fn)).',
      });
    }
  }
}

function addCounts(into: CleaningCounts, from: CleaningCounts): void {
  for (const k of Object.keys(into) as (keyof CleaningCounts)[]) {
    into[k].texts += from[k].texts;
    into[k].matches += from[k].matches;
  }
}

function shorten(t: string, max = 80): string {
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

function inferTextColumns(rows: readonly Record<string, unknown>[]): string[] {
  const first = rows[0];
  if (!first) return [];
  const sample = rows.slice(0, 200);
  return Object.keys(first).filter((k) => {
    let strings = 0;
    let spaces = 0;
    for (const r of sample) {
      const v = r[k];
      if (typeof v === 'string' && v.length > 0) {
        strings++;
        if (/\s/.test(v.trim())) spaces++;
      }
    }
    return strings > 0 && spaces / strings >= 0.5;
  });
}

/**
 * Processes texts with a default {@link TextPreprocessor}. The plain-function form.
 *
 * @example const { texts, report } = await preprocessTexts(['<b>Hi</b> there', 'Hi there']);
 */
export function preprocessTexts(rows: TextRows, options: TextPreprocessorOptions & { columns?: string[] } = {}): Promise<PreprocessedTexts> {
  const { columns, ...rest } = options;
  return new TextPreprocessor(rest).process(rows, columns);
}
