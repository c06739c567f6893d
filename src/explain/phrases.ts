import { ConfigError } from '../core/errors.js';
import { checkpoint, throttledProgress, type RunOptions } from '../core/progress.js';

/** Noun phrases and named entities of one text. */
export interface TextPhrases {
  /** Lower-cased noun phrases (adjectives + nouns, singular), e.g. `"organic matter"`. */
  nouns: string[];
  /** Names as written: people, places, organisations. */
  people: string[];
  places: string[];
  organizations: string[];
}

interface CompromiseTerm { text: string; tags: string[] }
interface CompromiseView {
  nouns(): CompromiseView & { toSingular(): CompromiseView };
  people(): CompromiseView;
  places(): CompromiseView;
  organizations(): CompromiseView;
  json(): { terms: CompromiseTerm[] }[];
  out(format: 'array'): string[];
}
type Nlp = (text: string) => CompromiseView;

let loaded: Promise<Nlp> | undefined;

/** Loads compromise on first use (it is ~400 kB, so only programs that ask for phrases pay for it). */
async function loadNlp(): Promise<Nlp> {
  loaded ??= import('compromise')
    .then((m) => ((m as { default?: unknown }).default ?? m) as Nlp)
    .catch((cause: unknown) => {
      loaded = undefined;
      throw new ConfigError('Noun phrases need the "compromise" package.', {
        code: 'MISSING_PACKAGE',
        field: 'phrases',
        fix: 'npm install compromise, or turn phrases off.',
        cause,
      });
    });
  return loaded;
}

const BREAK = new Set(['Preposition', 'Verb', 'Conjunction', 'Determiner', 'Pronoun', 'Adverb', 'QuestionWord']);

/**
 * English noun phrases and named entities (people, places, organisations) per text, with the
 * `compromise` rule-based tagger (no model download, runs in the browser). Noun phrases are cut at
 * prepositions, verbs and determiners so `"the bottom of a body of water"` gives `bottom`, `body`,
 * `water`. Roughly 2 ms per short text.
 *
 * @example
 * const [p] = await extractPhrases(['Barack Obama visited the large red barns in Paris.']);
 * p.nouns;  // ['barack obama', 'large red barn', 'paris']
 * p.people; // ['Barack Obama']
 */
export async function extractPhrases(texts: readonly string[], run: RunOptions = {}): Promise<TextPhrases[]> {
  const nlp = await loadNlp();
  const progress = throttledProgress(run.onProgress, 'explain', texts.length, 'phrases');
  const out: TextPhrases[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (i % 200 === 199) await checkpoint(run.signal, 'explain');
    const doc = nlp(texts[i] ?? '');
    const people = doc.people().out('array');
    const places = doc.places().out('array');
    const organizations = doc.organizations().out('array');
    const nouns: string[] = [];
    for (const phrase of doc.nouns().toSingular().json()) {
      let run: string[] = [];
      let endsInNoun = false;
      const flush = (): void => {
        if (run.length > 0 && endsInNoun) nouns.push(run.join(' '));
        run = [];
        endsInNoun = false;
      };
      for (const term of phrase.terms) {
        const word = term.text.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, '');
        if (!word || term.tags.some((t) => BREAK.has(t))) {
          flush();
          continue;
        }
        const isNoun = term.tags.includes('Noun') || term.tags.includes('Value');
        if (!isNoun && !term.tags.includes('Adjective')) {
          flush();
          continue;
        }
        run.push(word);
        endsInNoun = isNoun;
      }
      flush();
    }
    out.push({ nouns, people, places, organizations });
    progress(i + 1);
  }
  return out;
}
