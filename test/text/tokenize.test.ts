import { describe, expect, it } from 'vitest';
import {
  createTokenizer,
  ngrams,
  normalizeText,
  STOP_WORD_LANGUAGES,
  stopWords,
  stripAccents,
  tokenize,
} from '../../src/text/index.js';
import { ConfigError, InputError } from '../../src/core/errors.js';

describe('tokenize', () => {
  it('splits on punctuation and lower-cases', () => {
    expect(tokenize('Hello, World! (A test.)')).toEqual(['hello', 'world', 'a', 'test']);
    expect(tokenize('Hello World', { lowercase: false })).toEqual(['Hello', 'World']);
  });

  it('keeps accented letters and non-Latin scripts inside words', () => {
    expect(tokenize('Café crème, Müller & Ångström; naïve résumé')).toEqual([
      'café', 'crème', 'müller', 'ångström', 'naïve', 'résumé',
    ]);
    expect(tokenize('Привет мир — γειά σου')).toEqual(['привет', 'мир', 'γειά', 'σου']);
    // scripts without spaces: one token per character
    expect(tokenize('東京タワー is tall')).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'is', 'tall']);
    expect(ngrams(tokenize('東京'), [1, 2])).toEqual(['東', '京', '東 京']);
    // decomposed input (e + combining acute) is normalised to the same token
    expect(tokenize('cafe\u0301')).toEqual(['café']);
  });

  it('handles apostrophes: contractions, typographic quotes, possessives, elisions', () => {
    expect(tokenize("don't stop")).toEqual(["don't", 'stop']);
    expect(tokenize('don’t')).toEqual(["don't"]);
    expect(tokenize("the bird's wing and the birds' nests")).toEqual(['the', 'bird', 'wing', 'and', 'the', 'birds', 'nests']);
    expect(tokenize("l'homme d’affaires", { language: 'fr' })).toEqual(['homme', 'affaires']);
    expect(tokenize("dell'arte l'amico", { language: 'it' })).toEqual(['arte', 'amico']);
    expect(tokenize("'quoted' words")).toEqual(['quoted', 'words']);
  });

  it('keeps or splits hyphenated words', () => {
    expect(tokenize('a well-known, long‑legged bird -- not - this')).toEqual([
      'a', 'well-known', 'long-legged', 'bird', 'not', 'this',
    ]);
    expect(tokenize('well-known long-legged', { hyphens: 'split' })).toEqual(['well', 'known', 'long', 'legged']);
  });

  it('keeps decimal numbers together and can drop numbers', () => {
    expect(tokenize('costs 3.5 or 1,000 dollars.')).toEqual(['costs', '3.5', 'or', '1,000', 'dollars']);
    expect(tokenize('costs 3.5 or 1,000 dollars in 2024', { numbers: 'drop' })).toEqual(['costs', 'or', 'dollars', 'in']);
  });

  it('applies minLength and stop words (built-in and custom)', () => {
    expect(tokenize('The cat is on a mat', { stopWords: true })).toEqual(['cat', 'mat']);
    expect(tokenize('The cat is on a mat', { minLength: 3 })).toEqual(['the', 'cat', 'mat']);
    expect(tokenize('The cat is on a mat', { stopWords: ['cat', 'MAT'] })).toEqual(['the', 'is', 'on', 'a']);
    expect(tokenize("It's the bird's nest", { stopWords: true })).toEqual(['bird', 'nest']);
    expect(tokenize('Der Hund und die Katze', { language: 'de', stopWords: true })).toEqual(['hund', 'katze']);
    expect(tokenize("L'hiver à Zürich, c'est très-beau!", { language: 'fr', stopWords: true })).toEqual([
      'hiver', 'zürich', 'très-beau',
    ]);
  });

  it('rejects bad input and options with named fields', () => {
    expect(() => tokenize(undefined as unknown as string)).toThrow(InputError);
    try {
      createTokenizer({ minLength: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe('minLength');
    }
  });
});

describe('ngrams', () => {
  it('builds n-grams in order of n then position', () => {
    expect(ngrams(['big', 'red', 'bird'], [1, 2])).toEqual(['big', 'red', 'bird', 'big red', 'red bird']);
    expect(ngrams(['a', 'b', 'c'], 3)).toEqual(['a b c']);
    expect(ngrams(['a'], [2, 3])).toEqual([]);
    expect(() => ngrams(['a'], [2, 1])).toThrow(ConfigError);
  });
});

describe('stopWords', () => {
  it('has a list for each supported language with its most common function words', () => {
    const expected: Record<string, string[]> = {
      en: ['the', 'and', 'of', 'is', "don't"],
      de: ['der', 'die', 'und', 'nicht', 'über'],
      fr: ['le', 'les', 'et', 'être', 'à'],
      es: ['el', 'los', 'que', 'está', 'también'],
      it: ['il', 'gli', 'che', 'è', 'perché'],
      pt: ['o', 'os', 'não', 'você', 'também'],
      nl: ['de', 'het', 'een', 'niet', 'zijn'],
    };
    expect([...STOP_WORD_LANGUAGES].sort()).toEqual(Object.keys(expected).sort());
    for (const [lang, words] of Object.entries(expected)) {
      const set = stopWords(lang);
      expect(set.size).toBeGreaterThan(60);
      for (const w of words) expect(set.has(w), `${lang}:${w}`).toBe(true);
      // topical words are not stop words
      expect(set.has('bird')).toBe(false);
    }
    expect(stopWords('en-GB').has('the')).toBe(true);
    expect(() => stopWords('xx')).toThrow(InputError);
  });
});

describe('normalize', () => {
  it('normalises case, whitespace, punctuation and accents', () => {
    expect(normalizeText('  Ça  VA\tbien ')).toBe('ça va bien');
    expect(normalizeText('Don’t – stop', { lowercase: false })).toBe("Don't - stop");
    expect(stripAccents('crème brûlée, Straße')).toBe('creme brulee, Straße');
    expect(normalizeText('Café', { stripAccents: true })).toBe('cafe');
  });
});
