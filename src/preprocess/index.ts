export { TextPreprocessor, TextPreprocessorOptionsSchema, TOKENIZATIONS, preprocessTexts } from './text-preprocessor.js';
export type { TextPreprocessorOptions, TextPreprocessReport, PreprocessedTexts, TextRows, Tokenization } from './text-preprocessor.js';
export { CLEANING_RULES, CleaningOptionsSchema, cleanTextWithReport, emptyCleaningCounts, parseCleaningOptions } from './clean.js';
export type { CleaningOptions, CleaningCounts, CleaningRule } from './clean.js';
export { detectLanguages, UNKNOWN_LANGUAGE } from './language.js';
export type { LanguageGuess } from './language.js';
