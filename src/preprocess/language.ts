import { ModelError } from '../core/errors.js';

/** Code used when a text is too short or too mixed to tell its language. */
export const UNKNOWN_LANGUAGE = 'und';

/** One row's detected language with the detector's confidence (0..1). */
export interface LanguageGuess {
  /** ISO 639-1 code (`en`, `de`, …) or {@link UNKNOWN_LANGUAGE}. */
  language: string;
  confidence: number;
}

type TinyLd = { detect: (text: string, opts?: { only?: string[] }) => string; detectAll: (text: string, opts?: { only?: string[] }) => { lang: string; accuracy: number }[] };
let loading: Promise<TinyLd> | undefined;

/**
 * Loads the language detector (tinyld's 69 kB "light" build, MIT) once, lazily, so bundles that
 * never detect languages do not carry its n-gram tables.
 */
async function detector(): Promise<TinyLd> {
  loading ??= import('tinyld/light').then((m) => (m as unknown as { default?: TinyLd }).default?.detectAll ? (m as unknown as { default: TinyLd }).default : (m as unknown as TinyLd)).catch((error: unknown) => {
    loading = undefined;
    throw new ModelError(`The language detector (tinyld) could not be loaded: ${String(error)}.`, {
      code: 'DETECTOR_MISSING',
      field: 'detectLanguage',
      fix: 'Install it (npm install tinyld) or set detectLanguage: false.',
    });
  });
  return loading;
}

/**
 * Detects the language of each text. Texts with fewer than `minLength` letters, or where the best
 * guess has confidence below `minConfidence`, get {@link UNKNOWN_LANGUAGE}.
 *
 * @example
 * const [g] = await detectLanguages(['Der schnelle braune Fuchs springt über den Hund.']);
 * g.language; // 'de'
 */
export async function detectLanguages(
  texts: readonly string[],
  options: { minLength?: number; minConfidence?: number; only?: string[] } = {},
): Promise<LanguageGuess[]> {
  const minLength = options.minLength ?? 8;
  const minConfidence = options.minConfidence ?? 0.1;
  const tiny = await detector();
  const out: LanguageGuess[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters < minLength && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) {
      out[i] = { language: UNKNOWN_LANGUAGE, confidence: 0 };
      continue;
    }
    const sample = text.slice(0, 2000);
    const opts = options.only ? { only: options.only } : undefined;
    // tinyld's `detect` applies its own reliability threshold ('' when unsure); its raw scores are
    // not probabilities, so the confidence reported is the best score's share of all scores.
    const language = tiny.detect(sample, opts);
    const guesses = tiny.detectAll(sample, opts);
    let total = 0;
    for (const g of guesses) total += g.accuracy;
    const confidence = guesses[0] && total > 0 ? guesses[0].accuracy / total : 0;
    out[i] = language && confidence >= minConfidence ? { language, confidence } : { language: UNKNOWN_LANGUAGE, confidence };
  }
  return out;
}
