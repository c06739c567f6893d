/**
 * Small, dependency-free text normalisation helpers shared by the tokenizer, the explainers and
 * the lexical embedders.
 */

const APOSTROPHES = /[\u2018\u2019\u02BC\u02B9\u0060\u00B4\uFF07]/g;
const HYPHENS = /[\u2010\u2011\u2012\u2013\uFE63\uFF0D\u00AD]/g;
const MARKS = /\p{M}+/gu;
const SPACES = /\s+/gu;

/**
 * Replaces typographic apostrophes (’ ‘ ʼ ´ `) with `'` and hyphen look-alikes (‐ ‑ – soft hyphen)
 * with `-`, so `l’homme` and `l'homme` tokenise alike.
 *
 * @example unifyPunctuation('don’t') // "don't"
 */
export function unifyPunctuation(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(HYPHENS, (h) => (h === '\u00AD' ? '' : '-'));
}

/**
 * Removes diacritics: `café` → `cafe`, `Müller` → `Muller`. Letters without a decomposition
 * (`ß`, `ø`, `æ`) are kept as they are.
 *
 * @example stripAccents('crème brûlée') // "creme brulee"
 */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/** Options of {@link normalizeText}. */
export interface NormalizeOptions {
  /** Lower-case the text (locale-independent). Default `true`. */
  lowercase?: boolean;
  /** Remove diacritics with {@link stripAccents}. Default `false` (accents carry meaning in many languages). */
  stripAccents?: boolean;
  /** Collapse runs of whitespace into one space and trim. Default `true`. */
  collapseWhitespace?: boolean;
}

/**
 * Unicode NFC normalisation, unified apostrophes/hyphens, optional lower-casing, accent stripping
 * and whitespace collapsing.
 *
 * @example normalizeText('  Ça  VA\tbien ') // "ça va bien"
 */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let out = unifyPunctuation(text.normalize('NFC'));
  if (options.lowercase ?? true) out = out.toLowerCase();
  if (options.stripAccents ?? false) out = stripAccents(out);
  if (options.collapseWhitespace ?? true) out = out.replace(SPACES, ' ').trim();
  return out;
}
