import { z } from 'zod';
import type { Config } from 'vega-lite';

/**
 * The `$schema` every emitted spec carries (the Vega-Lite major version we build against).
 * @example spec.$schema === VEGA_LITE_SCHEMA
 */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Named categorical palettes. All are qualitative schemes designed for distinguishable hues;
 * `okabeIto` is the colour-blind-safe palette of Okabe & Ito, `set2`/`dark2` are ColorBrewer's.
 * Greys are removed so that grey stays reserved for outliers.
 * @example COLOR_SCHEMES.okabeIto[0] // '#e69f00'
 */
export const COLOR_SCHEMES = {
  tableau10: ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d'],
  okabeIto: ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'],
  set2: ['#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494'],
  dark2: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d'],
} as const;

/**
 * Vega's `tableau20` without its two greys (18 colours): used when there are more clusters than
 * colours in the chosen named palette.
 * @example EXTENDED_PALETTE.length // 18
 */
export const EXTENDED_PALETTE = [
  '#4c78a8', '#9ecae9', '#f58518', '#ffbf79', '#54a24b', '#88d27a', '#b79a20', '#f2cf5b', '#439894',
  '#83bcb6', '#e45756', '#ff9d98', '#d67195', '#fcbfd2', '#b279a2', '#d6a5c9', '#9e765f', '#d8b5a5',
] as const;

/**
 * A palette name.
 * @example const s: ColorSchemeName = 'okabeIto';
 */
export type ColorSchemeName = keyof typeof COLOR_SCHEMES;

/**
 * Outlier colour on light and dark backgrounds.
 * @example OUTLIER_COLOR.dark // '#6e6e6e'
 */
export const OUTLIER_COLOR = { light: '#b8b8b8', dark: '#6e6e6e' } as const;

/**
 * The legend / axis name used for rows labelled `-1`.
 * @example rows.filter((r) => r.clusterName !== OUTLIER_NAME)
 */
export const OUTLIER_NAME = 'Outliers';

/**
 * `'light'`, `'dark'`, or your own Vega-Lite `config` object.
 * @example ThemeSchema.parse('dark')
 */
export const ThemeSchema = z.union([z.enum(['light', 'dark']), z.record(z.string(), z.unknown())]);

/**
 * Where chart data lives: inline in the spec, or at a URL (`{dataset}` is replaced by the dataset name).
 * @example DataOptionSchema.parse({ url: 'data/{dataset}.json' })
 */
export const DataOptionSchema = z.union([
  z.literal('inline'),
  z.strictObject({ url: z.string().min(1) }),
]);

/**
 * Options every chart builder accepts.
 * @example ChartOptionsSchema.parse({ width: 300 }).height // 320
 */
export const ChartOptionsSchema = z.strictObject({
  /** `'light'` (default), `'dark'`, or a Vega-Lite config object used as the spec's `config`. */
  theme: ThemeSchema.default('light'),
  /** A palette name or your own list of colours for the clusters (outliers are always grey). */
  colorScheme: z
    .union([z.enum(Object.keys(COLOR_SCHEMES) as [ColorSchemeName, ...ColorSchemeName[]]), z.array(z.string()).min(1)])
    .default('tableau10'),
  /** Width of one view in pixels. */
  width: z.number().int().positive().default(420),
  /** Height of one view in pixels. */
  height: z.number().int().positive().default(320),
  /** `'inline'` (default) or `{ url }`; in the URL, `{dataset}` is replaced by the dataset name. */
  data: DataOptionSchema.default('inline'),
  /** Most rows drawn as points; more are down-sampled per cluster and the chart says so. */
  maxPoints: z.number().int().positive().default(5000),
  /** Most outliers kept when down-sampling (all are kept up to this cap). */
  maxOutliers: z.number().int().nonnegative().default(1000),
  /** Per-cluster charts (sizes, keywords, heatmaps, network, legend) show at most this many clusters: the largest. */
  maxClusters: z.number().int().positive().default(30),
  /** Seed of the down-sampling and of layouts. */
  seed: z.number().int().default(42),
  /** Chart title (each builder has a sensible default). */
  title: z.string().optional(),
});

/**
 * Options every chart builder accepts (see {@link ChartOptionsSchema}).
 * @example const o: ChartOptions = { theme: 'dark', maxPoints: 2000 };
 */
export type ChartOptions = z.input<typeof ChartOptionsSchema>;
/**
 * {@link ChartOptions} with defaults filled in.
 * @example const o: ResolvedChartOptions = ChartOptionsSchema.parse({});
 */
export type ResolvedChartOptions = z.output<typeof ChartOptionsSchema>;

// One option parser for the whole library: errors name the key, the bad value and the allowed values.
export { parseOptions } from '../config/validate.js';

/**
 * True for the dark theme (only the named theme: a custom config object counts as light).
 * @example isDark('dark') // true
 */
export function isDark(theme: ResolvedChartOptions['theme']): boolean {
  return theme === 'dark';
}

/**
 * The cluster palette for the chosen scheme. A named palette with fewer colours than `clusters`
 * gives way to {@link EXTENDED_PALETTE}; your own list is used as given (colours repeat).
 * @example paletteOf('set2', 12).length // 18 (extended)
 */
export function paletteOf(scheme: ResolvedChartOptions['colorScheme'], clusters = 0): readonly string[] {
  if (typeof scheme !== 'string') return scheme;
  const named = COLOR_SCHEMES[scheme];
  return clusters > named.length ? EXTENDED_PALETTE : named;
}

const DARK_CONFIG = {
  background: '#1e2129',
  view: { stroke: '#3a3f4b' },
  title: { color: '#eceff4', subtitleColor: '#b8bec9' },
  axis: {
    domainColor: '#8a919e',
    gridColor: '#343946',
    tickColor: '#8a919e',
    labelColor: '#d8dee9',
    titleColor: '#eceff4',
  },
  legend: { labelColor: '#d8dee9', titleColor: '#eceff4' },
  header: { labelColor: '#d8dee9', titleColor: '#eceff4' },
  text: { color: '#eceff4' },
} as const;

const LIGHT_CONFIG = {
  view: { stroke: '#dddddd' },
  title: { subtitleColor: '#555555' },
  axis: { gridColor: '#ececec' },
} as const;

/**
 * The Vega-Lite `config` for a theme: built-in light or dark, or your own object as given.
 * @example themeConfig('dark').background // '#1e2129'
 */
export function themeConfig(theme: ResolvedChartOptions['theme']): Config {
  if (theme === 'dark') return structuredClone(DARK_CONFIG) as Config;
  if (theme === 'light') return structuredClone(LIGHT_CONFIG) as Config;
  return structuredClone(theme) as Config;
}
