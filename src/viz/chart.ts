import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../core/errors.js';
import { isMatrix } from '../core/matrix.js';
import { dashboard } from './dashboard.js';
import { chartHtmlFragment, type VegaLibraries } from './html.js';
import type { VizInput } from './types.js';

/**
 * The symbol the Deno Jupyter kernel calls to get a MIME bundle (`Deno.jupyter.$display`).
 * @example chart[JUPYTER_DISPLAY](); // the MIME bundle
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never;

/**
 * The Vega-Lite MIME type JupyterLab 4 (and Notebook 7, VS Code) render natively. JupyterLab's
 * renderer registers `vnd.vegalite.v5+json` (it bundles Vega-Lite 5); our specs are built against
 * Vega-Lite 6 but use nothing 5 lacks, so the bundle carries them with a v5 `$schema`
 * (see {@link forJupyterLab}).
 * @example bundle[VEGALITE_MIME] // the spec with a v5 $schema
 */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/**
 * A Jupyter MIME bundle.
 * @example const b: MimeBundle = { 'text/plain': 'chart' };
 */
export type MimeBundle = Record<string, unknown>;

/**
 * Options of {@link VegaLiteChart} and {@link display}.
 * @example new VegaLiteChart(spec, { htmlFallback: 'cdn' })
 */
export interface NotebookOptions {
  /**
   * Also put a `text/html` rendering in the bundle (`'cdn'` or inlined libraries). Off by default:
   * JupyterLab ranks `text/html` (50) ahead of its Vega renderer (57), so an HTML fallback would
   * replace the native chart. Turn it on for front ends without a Vega renderer.
   */
  htmlFallback?: 'none' | 'cdn' | VegaLibraries;
}

/**
 * The spec as JupyterLab's Vega-Lite 5 renderer wants it: same spec, `$schema` pointing at v5
 * (vega-embed warns, and some front ends refuse, when the schema's major version is newer than
 * the renderer's).
 * @example forJupyterLab(spec).$schema // 'https://vega.github.io/schema/vega-lite/v5.json'
 */
export function forJupyterLab(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, $schema: 'https://vega.github.io/schema/vega-lite/v5.json' } as TopLevelSpec;
}

function describe(spec: TopLevelSpec): string {
  const title = (spec as { title?: string | { text?: string | string[] } }).title;
  const text = typeof title === 'string' ? title : Array.isArray(title?.text) ? title.text.join(' ') : (title?.text ?? 'chart');
  return `<Vega-Lite chart: ${text}>`;
}

/**
 * A Vega-Lite spec that notebooks display inline. In the Deno kernel, leave it as the last
 * expression of a cell (Deno calls `[Symbol.for('Jupyter.display')]()`); in tslab call
 * {@link display}. `JSON.stringify(chart)` gives the spec.
 *
 * @example
 * new VegaLiteChart(clusterScatter(input)); // last line of a Deno notebook cell
 */
export class VegaLiteChart {
  constructor(
    readonly spec: TopLevelSpec,
    readonly options: NotebookOptions = {},
  ) {}

  /** The MIME bundle: Vega-Lite JSON, plain text, and the HTML fallback when asked for. */
  toMimeBundle(): MimeBundle {
    const bundle: MimeBundle = { [VEGALITE_MIME]: forJupyterLab(this.spec), 'text/plain': describe(this.spec) };
    const fallback = this.options.htmlFallback ?? 'none';
    if (fallback !== 'none') bundle['text/html'] = chartHtmlFragment(this.spec, { libraries: fallback });
    return bundle;
  }

  /** Called by the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return this.toMimeBundle();
  }

  /** The spec, so `JSON.stringify(chart)` writes the Vega-Lite JSON. */
  toJSON(): TopLevelSpec {
    return this.spec;
  }
}

/**
 * Anything {@link display} can show.
 * @example await display(spec); await display(input); await display(result);
 */
export type Displayable = TopLevelSpec | VegaLiteChart | VizInput | HasVegaLite;

/** Anything that can produce its own Vega-Lite spec. */
export interface HasVegaLite {
  /** The object's chart as a Vega-Lite spec. */
  toVegaLite(): TopLevelSpec;
}

function isVizInput(x: unknown): x is VizInput {
  return typeof x === 'object' && x !== null && isMatrix((x as VizInput).coords) && (x as VizInput).labels instanceof Int32Array;
}

/**
 * Turns a spec, a chart, a {@link VizInput} (shown as the {@link dashboard}) or any result with a
 * `toVegaLite()` method into a {@link VegaLiteChart}.
 * @example toChart(result).toMimeBundle()
 */
export function toChart(x: Displayable, options: NotebookOptions = {}): VegaLiteChart {
  if (x instanceof VegaLiteChart) return options.htmlFallback ? new VegaLiteChart(x.spec, options) : x;
  // An object that builds its own chart wins over the VizInput shape (a SeparationResult has both).
  if (typeof (x as { toVegaLite?: unknown }).toVegaLite === 'function') {
    return new VegaLiteChart((x as { toVegaLite(): TopLevelSpec }).toVegaLite(), options);
  }
  if (isVizInput(x)) return new VegaLiteChart(dashboard(x), options);
  if (typeof x === 'object' && x !== null) return new VegaLiteChart(x as TopLevelSpec, options);
  throw new InputError('display: nothing to show.', {
    code: 'NOT_DISPLAYABLE',
    field: 'value',
    fix: 'Pass a Vega-Lite spec, a VegaLiteChart, a VizInput or a result with toVegaLite().',
  });
}

interface DenoLike {
  jupyter?: { display?: (obj: unknown, options?: { raw?: boolean }) => Promise<void> | void };
}
interface TslabLike {
  display: { html(s: string): void };
}

/**
 * Where {@link display} sent the chart.
 * @example if ((await display(spec)) === 'none') writeFileSync('chart.html', dashboardHtml(spec));
 */
export type DisplayTarget = 'deno' | 'tslab' | 'none';

/**
 * Shows a chart inline in a notebook and returns where it went:
 * - Deno kernel: sends the MIME bundle through `Deno.jupyter.display` (Vega-Lite rendered natively);
 * - tslab: `tslab.display.html(...)` with the chart embedded (tslab only sends strings, so the
 *   JSON MIME type is not available there); pass `htmlFallback: readVegaLibraries()` (from
 *   `hf-separate/node`) to inline the libraries and work offline, otherwise they load from jsDelivr;
 * - elsewhere: does nothing and returns `'none'` (use {@link toChart} / the HTML exporters).
 * `tslab` is imported lazily, so it is an optional peer.
 *
 * @example
 * await display(clusterScatter(input)); // in a tslab or Deno notebook cell
 */
export async function display(x: Displayable, options: NotebookOptions = {}): Promise<DisplayTarget> {
  const chart = toChart(x, options);
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  if (deno?.jupyter?.display) {
    await deno.jupyter.display(chart.toMimeBundle(), { raw: true });
    return 'deno';
  }
  const tslab = await loadTslab();
  if (tslab) {
    const libraries = options.htmlFallback && options.htmlFallback !== 'none' ? options.htmlFallback : 'cdn';
    try {
      tslab.display.html(chartHtmlFragment(chart.spec, { libraries }));
      return 'tslab';
    } catch {
      // tslab is installed but this is not a tslab kernel ("Not ready").
      return 'none';
    }
  }
  return 'none';
}

/** Imports tslab when the code runs inside it (a variable specifier keeps bundlers from resolving it). */
async function loadTslab(): Promise<TslabLike | undefined> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return undefined;
  const specifier = 'tslab';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as TslabLike & { default?: TslabLike };
    const t = mod.display ? mod : mod.default;
    return t?.display && typeof t.display.html === 'function' ? t : undefined;
  } catch {
    return undefined;
  }
}
