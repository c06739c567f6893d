/**
 * Node-only exporters: self-contained HTML with the Vega libraries inlined, headless SVG rendering,
 * PNG/PDF when the optional native `canvas` package is installed, and saving to a folder.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { ConfigError, HfSeparateError, InputError } from '../core/errors.js';
import { chartDatasets } from './context.js';
import { chartHtml, type VegaLibraries } from './html.js';

/** A `require` rooted at this file, in both the ESM and the CommonJS build. */
function localRequire(): NodeRequire {
  // ESM: import.meta.url. The CommonJS build has an empty import.meta, but a real __filename.
  const url = (import.meta as { url?: string }).url;
  if (url) return createRequire(fileURLToPath(url));
  if (typeof __filename === 'string' && isAbsolute(__filename)) return createRequire(__filename);
  return createRequire(join(process.cwd(), 'index.js'));
}

let cachedLibraries: VegaLibraries | undefined;

/**
 * Reads the minified browser builds of vega, vega-lite and vega-embed from the installed packages
 * (`build/vega.min.js`, `build/vega-lite.min.js`, `build/vega-embed.min.js`), once per process.
 *
 * @example
 * const libs = readVegaLibraries(); // ~830 kB of JavaScript
 */
export function readVegaLibraries(): VegaLibraries {
  if (cachedLibraries) return cachedLibraries;
  const req = localRequire();
  const read = (pkg: string, file: string): string => {
    try {
      // Every package's main entry sits in its build/ folder, next to the minified UMD bundle.
      return readFileSync(join(dirname(req.resolve(pkg)), file), 'utf8');
    } catch (cause) {
      throw new ConfigError(`Cannot read ${pkg}/build/${file}.`, {
        code: 'MISSING_VEGA_BUILD',
        field: pkg,
        fix: `Install ${pkg} (it is a dependency of hf-separate: reinstall the package).`,
        cause,
      });
    }
  };
  cachedLibraries = {
    vega: read('vega', 'vega.min.js'),
    vegaLite: read('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: read('vega-embed', 'vega-embed.min.js'),
  };
  return cachedLibraries;
}

/**
 * Options of {@link dashboardHtml}.
 * @example dashboardHtml(spec, { title: 'Segments', description: 'May 2026' })
 */
export interface DashboardHtmlOptions {
  /** Page title (default: `hf-separate dashboard`). */
  title?: string;
  /** A paragraph under the title. */
  description?: string;
  /** Extra vega-embed options (the default renderer is SVG, with export actions). */
  embedOptions?: Record<string, unknown>;
}

/**
 * One self-contained HTML page showing `spec` (a dashboard or any chart), with Vega, Vega-Lite and
 * vega-embed inlined: it opens offline from disk and makes no network request. Specs with
 * `data: { url }` still fetch their data from those URLs.
 *
 * @example
 * writeFileSync('clusters.html', dashboardHtml(dashboard(input), { title: 'Clusters' }));
 */
export function dashboardHtml(spec: TopLevelSpec, options: DashboardHtmlOptions = {}): string {
  return chartHtml(spec, {
    libraries: readVegaLibraries(),
    title: options.title ?? 'hf-separate dashboard',
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.embedOptions !== undefined ? { embedOptions: options.embedOptions } : {}),
  });
}

/**
 * Options of {@link renderSvg}, {@link renderPng} and {@link renderPdf}.
 * @example await renderSvg(spec, { baseURL: 'out/', scale: 2 })
 */
export interface RenderOptions {
  /** Where relative data URLs are read from (a folder or an http(s) base). */
  baseURL?: string;
  /** Scale factor of the output (PNG/PDF resolution, SVG size). Default 1. */
  scale?: number;
}

async function headlessView(spec: TopLevelSpec, options: RenderOptions): Promise<Vega.View> {
  // Loaded on first use: vega and vega-lite are ES modules (vega-lite uses top-level await), which
  // require() cannot load, so static imports would break `require('hf-separate/node')`.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  let vg: Vega.Spec;
  try {
    vg = compile(spec).spec as Vega.Spec;
  } catch (cause) {
    throw new InputError(`The Vega-Lite spec does not compile: ${(cause as Error).message}`, {
      code: 'BAD_SPEC',
      field: 'spec',
      fix: 'Check the spec against the Vega-Lite schema (or build it with the hf-separate chart builders).',
      cause,
    });
  }
  const loader = vega.loader(options.baseURL ? { baseURL: options.baseURL, mode: options.baseURL.startsWith('http') ? 'http' : 'file' } : {});
  return new vega.View(vega.parse(vg), { renderer: 'none', loader: loader as never });
}

/**
 * Renders a spec to an SVG string with Vega's headless renderer (no browser, no native code).
 *
 * @example
 * writeFileSync('clusters.svg', await renderSvg(clusterScatter(input)));
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const view = await headlessView(spec, options);
  try {
    return await view.toSVG(options.scale ?? 1);
  } finally {
    view.finalize();
  }
}

/**
 * True when the optional native `canvas` package can be loaded (PNG/PDF output needs it).
 * @example const png = hasCanvas() ? await renderPng(spec) : undefined;
 */
export function hasCanvas(): boolean {
  try {
    localRequire().resolve('canvas');
    return true;
  } catch {
    return false;
  }
}

function needCanvas(format: string): void {
  if (!hasCanvas()) {
    throw new ConfigError(`${format} output needs the optional native "canvas" package, which is not installed.`, {
      code: 'NO_CANVAS',
      field: 'format',
      fix: 'Run `npm install canvas` (native, needs Cairo) to enable PNG/PDF, or use renderSvg / dashboardHtml, which need nothing extra.',
    });
  }
}

async function renderCanvas(spec: TopLevelSpec, options: RenderOptions, type: 'png' | 'pdf'): Promise<Uint8Array> {
  needCanvas(type.toUpperCase());
  const view = await headlessView(spec, options);
  try {
    const canvas = (await view.toCanvas(options.scale ?? 1, type === 'pdf' ? ({ type: 'pdf' } as never) : undefined)) as unknown as {
      toBuffer(mime?: string): Uint8Array;
    };
    return new Uint8Array(canvas.toBuffer(type === 'pdf' ? 'application/pdf' : 'image/png'));
  } catch (cause) {
    if (cause instanceof HfSeparateError) throw cause;
    throw new ConfigError(`${type.toUpperCase()} rendering failed: ${(cause as Error).message}`, {
      code: 'RENDER_FAILED',
      field: 'format',
      fix: 'Check that the "canvas" package matches your Node version, or use renderSvg.',
      cause,
    });
  } finally {
    view.finalize();
  }
}

/**
 * Renders a spec to PNG bytes. Needs the optional native `canvas` package; without it this throws a
 * `ConfigError` with code `NO_CANVAS` saying so (hf-separate does not depend on native code).
 *
 * @example
 * if (hasCanvas()) writeFileSync('clusters.png', await renderPng(spec, { scale: 2 }));
 */
export async function renderPng(spec: TopLevelSpec, options: RenderOptions = {}): Promise<Uint8Array> {
  return renderCanvas(spec, options, 'png');
}

/**
 * Renders a spec to PDF bytes. Needs the optional native `canvas` package (see {@link renderPng}).
 * @example if (hasCanvas()) writeFileSync('clusters.pdf', await renderPdf(spec));
 */
export async function renderPdf(spec: TopLevelSpec, options: RenderOptions = {}): Promise<Uint8Array> {
  return renderCanvas(spec, options, 'pdf');
}

/**
 * Options of {@link saveDashboard}.
 * @example await saveDashboard('out', spec, { name: 'clusters', formats: ['html'] })
 */
export interface SaveDashboardOptions extends DashboardHtmlOptions {
  /** File name without extension (default `dashboard`). */
  name?: string;
  /** What to write (default `['html', 'json', 'svg']`); `png`/`pdf` need the `canvas` package. */
  formats?: ('html' | 'json' | 'svg' | 'png' | 'pdf')[];
}

/**
 * Paths written by {@link saveDashboard}.
 * @example const { html, svg, data } = await saveDashboard('out', spec);
 */
export interface SavedFiles {
  html?: string;
  json?: string;
  svg?: string;
  png?: string;
  pdf?: string;
  /** Data files written for URL-mode specs, by dataset name. */
  data: Record<string, string>;
}

/**
 * Writes a spec to `dir`: the self-contained HTML page, the spec JSON and an SVG (and PNG/PDF when
 * asked for and `canvas` is present). For specs built with `data: { url: '<name>.json' }` style
 * relative URLs, each dataset is written next to them so the folder works as it is.
 *
 * @example
 * const files = await saveDashboard('report', dashboard(input), { title: 'Segments' });
 * files.html; // 'report/dashboard.html'
 */
export async function saveDashboard(dir: string, spec: TopLevelSpec, options: SaveDashboardOptions = {}): Promise<SavedFiles> {
  const name = options.name ?? 'dashboard';
  const formats = options.formats ?? ['html', 'json', 'svg'];
  if (formats.includes('png')) needCanvas('PNG');
  if (formats.includes('pdf')) needCanvas('PDF');
  await mkdir(dir, { recursive: true });
  const out: SavedFiles = { data: {} };
  const datasets = chartDatasets(spec);
  if (datasets && !(spec as { datasets?: unknown }).datasets) {
    // URL mode: write each dataset to its (relative) URL so the folder is complete.
    const urls = new Map<string, string>();
    collectUrls(spec, urls);
    for (const [dataset, rows] of Object.entries(datasets)) {
      const url = [...urls.keys()].find((u) => urls.get(u) === dataset);
      if (!url || /^[a-z]+:\/\//i.test(url) || url.startsWith('/')) continue;
      const path = join(dir, url);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, JSON.stringify(rows));
      out.data[dataset] = path;
    }
  }
  const file = (ext: string): string => join(dir, `${name}.${ext}`);
  if (formats.includes('json')) {
    out.json = file('vl.json');
    await writeFile(out.json, JSON.stringify(spec, null, 2));
  }
  if (formats.includes('html')) {
    out.html = file('html');
    await writeFile(out.html, dashboardHtml(spec, options));
  }
  if (formats.includes('svg')) {
    out.svg = file('svg');
    await writeFile(out.svg, await renderSvg(spec, { baseURL: `${dir}/` }));
  }
  if (formats.includes('png')) {
    out.png = file('png');
    await writeFile(out.png, await renderPng(spec, { baseURL: `${dir}/` }));
  }
  if (formats.includes('pdf')) {
    out.pdf = file('pdf');
    await writeFile(out.pdf, await renderPdf(spec, { baseURL: `${dir}/` }));
  }
  return out;
}

/** Finds every `{ url }` data reference and the dataset name it stands for (the sink records both). */
function collectUrls(node: unknown, urls: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectUrls(item, urls);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const rec = node as Record<string, unknown>;
  if (typeof rec.url === 'string' && typeof rec.name === 'string') urls.set(rec.url, rec.name);
  for (const value of Object.values(rec)) collectUrls(value, urls);
}
