import { STOP_WORD_LANGUAGES, stopWords, tokenize } from '../text/index.js';

/** Options of {@link guessLanguages}. */
export interface GuessLanguagesOptions {
  /** Texts looked at (evenly spaced). Default 500. */
  sample?: number;
  /** A language counts when it is the best guess for at least this share of the sampled texts. Default 0.1. */
  minShare?: number;
}

/**
 * A rough guess of the languages of a corpus, enough to pick an English or a multilingual model:
 * each sampled text votes for the language whose stop words it uses most (en, de, fr, es, it, pt,
 * nl); texts with no stop words do not vote. Returns `['en']` when nothing votes.
 *
 * @example
 * guessLanguages(['the cat is on the mat', 'le chat est sur le tapis']); // ['en', 'fr']
 */
export function guessLanguages(texts: readonly string[], options: GuessLanguagesOptions = {}): string[] {
  const sample = Math.min(texts.length, options.sample ?? 500);
  const minShare = options.minShare ?? 0.1;
  const lists = STOP_WORD_LANGUAGES.map((l) => [l, stopWords(l)] as const);
  const votes = new Map<string, number>();
  let voters = 0;
  const step = texts.length / Math.max(sample, 1);
  for (let s = 0; s < sample; s++) {
    const text = texts[Math.floor(s * step)];
    if (typeof text !== 'string' || text.trim() === '') continue;
    const tokens = tokenize(text.slice(0, 2000));
    let best: string | undefined;
    let bestHits = 0;
    for (const [lang, words] of lists) {
      let hits = 0;
      for (const t of tokens) if (words.has(t)) hits++;
      if (hits > bestHits) {
        bestHits = hits;
        best = lang;
      }
    }
    if (best && bestHits >= 2) {
      votes.set(best, (votes.get(best) ?? 0) + 1);
      voters++;
    }
  }
  if (voters === 0) return ['en'];
  const out = [...votes.entries()].filter(([, v]) => v / voters >= minShare).sort((a, b) => b[1] - a[1]).map(([l]) => l);
  return out.length ? out : ['en'];
}
