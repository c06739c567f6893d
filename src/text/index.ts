export { tokenize, createTokenizer, ngrams, TokenizeOptionsSchema } from './tokenize.js';
export type { TokenizeOptions, Tokenizer } from './tokenize.js';
export { stopWords, isStopWordLanguage, STOP_WORD_LANGUAGES } from './stopwords.js';
export type { StopWordLanguage } from './stopwords.js';
export { normalizeText, stripAccents, unifyPunctuation } from './normalize.js';
export type { NormalizeOptions } from './normalize.js';
