import { z } from 'zod';

/**
 * The cleaning rules of {@link cleanTextWithReport}, in the order they run. Each can be switched off;
 * the report counts how many texts each rule changed and how many matches it replaced.
 */
export const CLEANING_RULES = {
  normalize: 'Unicode normalisation (NFKC by default: full-width letters, ligatures and compatibility forms folded)',
  html: 'HTML tags removed and entities (&amp; &#39; &eacute; …) decoded',
  markdown: 'Markdown syntax removed: code fences, images, links (text kept), emphasis, headings, list and quote markers',
  urls: 'URLs (http, https, ftp, www.) removed or replaced by a token',
  emails: 'e-mail addresses removed or replaced by a token',
  control: 'control and zero-width characters removed',
  whitespace: 'runs of whitespace collapsed to one space, ends trimmed',
  lowercase: 'lower-cased (off by default: embedding models are case-aware)',
} as const;
/** One of {@link CLEANING_RULES}. */
export type CleaningRule = keyof typeof CLEANING_RULES;

/** Switches of the cleaning rules. Every field is described (the text becomes config docs). */
export const CleaningOptionsSchema = z.object({
  normalize: z.enum(['NFKC', 'NFC', 'NFKD', 'NFD', 'none']).default('NFKC').describe("Unicode normalisation form, or 'none'."),
  html: z.boolean().default(true).describe('Remove HTML tags and decode HTML entities.'),
  markdown: z.boolean().default(true).describe('Remove Markdown markup (links keep their text).'),
  urls: z.union([z.boolean(), z.string()]).default(true).describe('Remove URLs (true), keep them (false), or replace each by the given token, e.g. "<url>".'),
  emails: z.union([z.boolean(), z.string()]).default(true).describe('Remove e-mail addresses (true), keep them (false), or replace each by the given token.'),
  control: z.boolean().default(true).describe('Remove control and zero-width characters.'),
  whitespace: z.boolean().default(true).describe('Collapse whitespace runs to one space and trim.'),
  lowercase: z.boolean().default(false).describe('Lower-case the text.'),
});
/** Input form of {@link CleaningOptionsSchema}. */
export type CleaningOptions = z.input<typeof CleaningOptionsSchema>;
type Parsed = z.output<typeof CleaningOptionsSchema>;

/** Per rule: texts changed and matches replaced. */
export type CleaningCounts = Record<CleaningRule, { texts: number; matches: number }>;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', pound: '£',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', iacute: 'í', oacute: 'ó', uacute: 'ú',
  ccedil: 'ç', ntilde: 'ñ', auml: 'ä', ouml: 'ö', uuml: 'ü', szlig: 'ß', deg: '°', middot: '·', times: '×', bull: '•',
};

// Tags: <b>, </p>, <br/>, <a href="…">, comments and <script>/<style> blocks (their content is not text).
const HTML_BLOCK = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const HTML_TAG = /<\/?[a-zA-Z][\w:-]*(?:\s+[^<>]*?)?\s*\/?>/g;
const HTML_ENTITY = /&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z][a-zA-Z0-9]*);/g;
const BLOCK_TAGS = /^(?:p|div|br|li|tr|h[1-6]|ul|ol|table|section|article|blockquote)$/i;

const MD_FENCE = /```[^\n]*\n?([\s\S]*?)```/g;
const MD_IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const MD_LINK = /\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))+(?:\s+"[^"]*")?\)/g;
const MD_HEADING = /^[ \t]{0,3}#{1,6}[ \t]+/gm;
const MD_QUOTE = /^[ \t]{0,3}>[ \t]?/gm;
const MD_LIST = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/gm;
const MD_EMPHASIS = /(\*\*|__)(?=\S)([\s\S]*?\S)\1|(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)|(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w])|~~(?=\S)([^~\n]*?\S)~~/g;
const MD_CODE = /`([^`\n]+)`/g;
const MD_RULE = /^[ \t]*(?:[-*_][ \t]*){3,}$/gm;

const URL = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/gi;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;
const SPACES = /\s+/gu;

function decodeEntity(entity: string): string | undefined {
  if (entity[0] === '#') {
    const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES[entity] ?? NAMED_ENTITIES[entity.toLowerCase()];
}

/** Empty counts for every rule. */
export function emptyCleaningCounts(): CleaningCounts {
  return Object.fromEntries(Object.keys(CLEANING_RULES).map((r) => [r, { texts: 0, matches: 0 }])) as CleaningCounts;
}

/**
 * Applies the cleaning rules to one text and adds what each rule did to `counts`.
 *
 * @example
 * const counts = emptyCleaningCounts();
 * cleanTextWithReport('<p>Mail <b>me</b>: a@b.org</p>', parseCleaningOptions({}), counts); // 'Mail me:'
 * counts.html.matches; // 4
 */
export function cleanTextWithReport(text: string, o: Parsed, counts: CleaningCounts = emptyCleaningCounts()): string {
  let t = text;
  const apply = (rule: CleaningRule, f: (s: string) => { out: string; matches: number }): void => {
    const { out, matches } = f(t);
    if (out !== t) {
      counts[rule].texts++;
      counts[rule].matches += matches;
      t = out;
    }
  };
  const replace = (s: string, re: RegExp, by: string | ((...m: string[]) => string)): { out: string; matches: number } => {
    let matches = 0;
    const out = s.replace(re, (...args: unknown[]) => {
      matches++;
      return typeof by === 'string' ? by : by(...(args.filter((a) => typeof a === 'string' || a === undefined) as string[]));
    });
    return { out, matches };
  };
  if (o.normalize !== 'none') apply('normalize', (s) => ({ out: s.normalize(o.normalize as 'NFKC'), matches: 1 }));
  if (o.html) {
    apply('html', (s) => {
      let m = 0;
      let out = s;
      for (const re of [HTML_BLOCK, HTML_COMMENT]) {
        const r = replace(out, re, ' ');
        out = r.out;
        m += r.matches;
      }
      const tags = replace(out, HTML_TAG, (tag) => {
        const name = /^<\/?([a-zA-Z][\w:-]*)/.exec(tag ?? '')?.[1] ?? '';
        return BLOCK_TAGS.test(name) ? '\n' : '';
      });
      m += tags.matches;
      const ents = replace(tags.out, HTML_ENTITY, (whole, body) => decodeEntity(body ?? '') ?? whole ?? '');
      return { out: ents.out, matches: m + ents.matches };
    });
  }
  if (o.markdown) {
    apply('markdown', (s) => {
      let m = 0;
      let out = s;
      const steps: [RegExp, string | ((...g: string[]) => string)][] = [
        [MD_FENCE, (_w, code) => code ?? ''],
        [MD_IMAGE, (_w, alt) => alt ?? ''],
        [MD_LINK, (_w, label) => label ?? ''],
        [MD_RULE, ''],
        [MD_HEADING, ''],
        [MD_QUOTE, ''],
        [MD_LIST, ''],
        [MD_EMPHASIS, (_w, _d, a, b, c, d) => a ?? b ?? c ?? d ?? ''],
        [MD_CODE, (_w, code) => code ?? ''],
      ];
      for (const [re, by] of steps) {
        const r = replace(out, re, by);
        out = r.out;
        m += r.matches;
      }
      return { out, matches: m };
    });
  }
  if (o.urls !== false) apply('urls', (s) => replace(s, URL, typeof o.urls === 'string' ? o.urls : ' '));
  if (o.emails !== false) apply('emails', (s) => replace(s, EMAIL, typeof o.emails === 'string' ? o.emails : ' '));
  if (o.control) apply('control', (s) => replace(s, CONTROL, (c) => (c === '\u00a0' ? ' ' : /[\u200b-\u200d\u2060\ufeff]/.test(c ?? '') ? '' : ' ')));
  if (o.whitespace) {
    apply('whitespace', (s) => {
      const out = s.replace(SPACES, ' ').trim();
      return { out, matches: out === s ? 0 : 1 };
    });
  }
  if (o.lowercase) apply('lowercase', (s) => ({ out: s.toLowerCase(), matches: 1 }));
  return t;
}

/** Validates cleaning switches (defaults filled in). @example parseCleaningOptions({ urls: '<url>' }).urls // '<url>' */
export function parseCleaningOptions(options: CleaningOptions = {}): Parsed {
  return CleaningOptionsSchema.parse(options);
}
