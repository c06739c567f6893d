import { z } from 'zod';
import { ConfigError, InputError } from '../core/errors.js';
import { unifyPunctuation } from './normalize.js';
import { stopWords as builtinStopWords } from './stopwords.js';

/**
 * Options of {@link tokenize} / {@link createTokenizer}. One schema gives the runtime check and the
 * TypeScript type.
 */
export const TokenizeOptionsSchema = z.object({
  /** Lower-case tokens. Default `true`. */
  lowercase: z.boolean().default(true),
  /** Drop tokens shorter than this many characters (code points). Default `1`. */
  minLength: z.number().int().min(1).default(1),
  /**
   * Stop words to drop: `true` for the built-in list of `language`, `false` for none, or your own
   * list. Compared after lower-casing. Default `false`.
   */
  stopWords: z.union([z.boolean(), z.array(z.string()), z.instanceof(Set)]).default(false),
  /** Language: picks the stop-word list and elision rules (`fr`, `it` split `l'homme` → `homme`). Default `en`. */
  language: z.string().min(2).default('en'),
  /** `keep` treats `well-known` as one token, `split` gives `well`, `known`. Default `keep`. */
  hyphens: z.enum(['keep', 'split']).default('keep'),
  /** `keep` or `drop` tokens made only of digits (`2024`, `3.5`). Default `keep`. */
  numbers: z.enum(['keep', 'drop']).default('keep'),
});

/** Input type of the tokenizer options (every field optional). */
export type TokenizeOptions = z.input<typeof TokenizeOptionsSchema>;

/** A function from text to tokens, built once by {@link createTokenizer}. */
export type Tokenizer = (text: string) => string[];

// A word starts with a letter or digit and may continue with letters, marks and digits, joined by
// single internal apostrophes, hyphens or (between digits) dots and commas: "don't", "well-known", "3.5".
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:(?:['\-]|(?<=\p{N})[.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*/gu;
const NUMERIC = /^[\p{N}.,\-]+$/u;
// Scripts written without spaces: every character is a token (pairs come from n-grams), the usual
// bag-of-characters approach for TF-IDF on Chinese/Japanese.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UNSPACED_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const ELISION: Record<string, RegExp> = {
  fr: /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=.)/u,
  it: /^(?:[cdlmnst]|un|all|dall|dell|nell|sull|coll|quell|quest|sant)'(?=.)/u,
  ca: /^(?:[dlmnst])'(?=.)/u,
};
const POSSESSIVE = /'s$/u;

/**
 * Validates options once and returns a fast tokenizer. Prefer it over {@link tokenize} in loops.
 *
 * @example
 * const tok = createTokenizer({ stopWords: true, minLength: 2 });
 * tok('The birds’ wings are well-known.'); // ['birds', 'wings', 'well-known']
 */
export function createTokenizer(options: TokenizeOptions = {}): Tokenizer {
  const parsed = TokenizeOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid tokenizer option: ${issue.message}.`, {
      code: 'INVALID_OPTION',
      field: issue.path.join('.') || 'options',
      fix: 'See TokenizeOptionsSchema for the allowed values.',
    });
  }
  const o = parsed.data;
  const lang = o.language.toLowerCase().slice(0, 2);
  let stop: ReadonlySet<string> | undefined;
  if (o.stopWords === true) stop = builtinStopWords(lang);
  else if (Array.isArray(o.stopWords)) stop = new Set(o.stopWords.map((w) => w.toLowerCase()));
  else if (o.stopWords instanceof Set) stop = new Set([...(o.stopWords as Set<unknown>)].map((w) => String(w).toLowerCase()));
  const elision = ELISION[lang];
  const english = lang === 'en';
  const split = o.hyphens === 'split';
  const dropNumbers = o.numbers === 'drop';

  const push = (out: string[], raw: string): void => {
    let t = o.lowercase ? raw.toLowerCase() : raw;
    if (stop?.has(o.lowercase ? t : t.toLowerCase())) return; // before stripping: "it's", "l'"
    if (elision) t = t.replace(elision, '');
    else if (english) t = t.replace(POSSESSIVE, '');
    if (dropNumbers && NUMERIC.test(t)) return;
    if (t.length < o.minLength || (t.length < 2 * o.minLength && [...t].length < o.minLength)) return;
    if (stop?.has(o.lowercase ? t : t.toLowerCase())) return;
    out.push(t);
  };

  return (text: string): string[] => {
    if (typeof text !== 'string') {
      throw new InputError(`tokenize expects a string, got ${text === null ? 'null' : typeof text}.`, {
        code: 'BAD_TEXT',
        field: 'text',
        fix: 'Pass a string (use "" for missing text).',
      });
    }
    const out: string[] = [];
    let clean = unifyPunctuation(text.normalize('NFC'));
    if (UNSPACED.test(clean)) clean = clean.replace(UNSPACED_ALL, ' $& ');
    for (const m of clean.matchAll(WORD)) {
      const w = m[0];
      if (split && w.includes('-')) {
        for (const part of w.split('-')) if (part) push(out, part);
      } else push(out, w);
    }
    return out;
  };
}

/**
 * Splits text into word tokens, Unicode-aware: accented letters stay in words (`café`, `Müller`),
 * internal apostrophes and hyphens are kept (`don't`, `well-known`), typographic apostrophes are
 * unified, French/Italian elisions are split (`l'homme` → `homme`), English possessives lose `'s`,
 * and Chinese/Japanese characters become one token each (use n-grams for pairs).
 *
 * @example
 * tokenize("L'hiver à Zürich, c'est très-beau!", { language: 'fr', stopWords: true });
 * // ['hiver', 'zürich', 'très-beau']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return createTokenizer(options)(text);
}

/**
 * All n-grams of a token list for every n in `range` (inclusive), joined by a space, in order of
 * n then position.
 *
 * @example
 * ngrams(['big', 'red', 'bird'], [1, 2]); // ['big', 'red', 'bird', 'big red', 'red bird']
 */
export function ngrams(tokens: readonly string[], range: number | readonly [number, number] = [1, 1]): string[] {
  const [lo, hi] = typeof range === 'number' ? [range, range] : range;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new ConfigError(`ngram range must be whole numbers 1 <= min <= max, got [${lo}, ${hi}].`, {
      code: 'INVALID_OPTION',
      field: 'ngramRange',
      fix: 'Use e.g. [1, 1] for words or [1, 2] for words and pairs.',
    });
  }
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      out.push(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
    }
  }
  return out;
}
