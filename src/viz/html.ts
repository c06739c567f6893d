import type { TopLevelSpec } from 'vega-lite';

/**
 * The source text of the three browser builds a page needs (UMD, defining the globals `vega`,
 * `vegaLite` and `vegaEmbed`). In Node, `readVegaLibraries()` from `hf-separate/node` reads them
 * from the installed packages.
 * @example chartHtml(spec, { libraries: readVegaLibraries() })
 */
export interface VegaLibraries {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

/**
 * The CDN builds used when `libraries: 'cdn'` is asked for (online only).
 * @example VEGA_CDN.vegaLite // 'https://cdn.jsdelivr.net/npm/vega-lite@6'
 */
export const VEGA_CDN = {
  vega: 'https://cdn.jsdelivr.net/npm/vega@6',
  vegaLite: 'https://cdn.jsdelivr.net/npm/vega-lite@6',
  vegaEmbed: 'https://cdn.jsdelivr.net/npm/vega-embed@7',
} as const;

/**
 * Options of {@link chartHtml} and {@link chartHtmlFragment}.
 * @example chartHtml(spec, { libraries: 'cdn', title: 'Clusters' })
 */
export interface ChartHtmlOptions {
  /** Inlined library code (offline) or `'cdn'` (loads from jsDelivr). */
  libraries: VegaLibraries | 'cdn';
  /** Page title (full documents). */
  title?: string;
  /** A paragraph under the title. */
  description?: string;
  /** Extra vega-embed options (merged over `{ renderer: 'svg', actions: { export: true } }`). */
  embedOptions?: Record<string, unknown>;
  /** Id of the chart element (fragments; default `hfs-vis`). */
  elementId?: string;
}

/**
 * Escapes text for HTML element content and attribute values.
 * @example escapeHtml('<b>') // '&lt;b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Makes JSON safe inside a `<script>` element: `<` becomes `\u003c` (so no `</script>` or `<!--`
 * can end or confuse the element) and the line separators U+2028/2029 are escaped.
 * @example scriptJson('</script>') // '"\\u003c/script>"'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Makes library code safe inside a `<script>` element (the builds contain no `</script`, but be sure). */
function scriptCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const DEFAULT_EMBED = {
  renderer: 'svg',
  // Export (SVG/PNG download) works offline; source/compiled/editor would open the online editor.
  actions: { export: true, source: false, compiled: false, editor: false },
};

/**
 * Scripts that define `vegaEmbed` and then run `embedCall`. Inline libraries run in order in
 * separate elements; `define` is hidden meanwhile so the UMD builds set globals even on pages with
 * RequireJS (classic Jupyter). The CDN variant loads the three builds one after the other.
 */
function libraryScripts(libraries: VegaLibraries | 'cdn', embedCall: string): string {
  if (libraries === 'cdn') {
    const urls = scriptJson([VEGA_CDN.vega, VEGA_CDN.vegaLite, VEGA_CDN.vegaEmbed]);
    return `<script>
(function () {
  var urls = ${urls};
  function done() { ${embedCall} }
  if (window.vegaEmbed) return done();
  var saved = window.define; window.define = undefined;
  (function load(i) {
    if (i === urls.length) { window.define = saved; return done(); }
    var s = document.createElement('script');
    s.src = urls[i];
    s.onload = function () { load(i + 1); };
    s.onerror = function () { window.define = saved; console.error('Could not load ' + urls[i]); };
    document.head.appendChild(s);
  })(0);
})();
</script>`;
  }
  return [
    '<script>window.__hfsDefine = window.define; window.define = undefined;</script>',
    `<script>${scriptCode(libraries.vega)}</script>`,
    `<script>${scriptCode(libraries.vegaLite)}</script>`,
    `<script>${scriptCode(libraries.vegaEmbed)}</script>`,
    `<script>window.define = window.__hfsDefine; ${embedCall}</script>`,
  ].join('\n');
}

function embedCall(spec: TopLevelSpec, elementId: string, embedOptions: Record<string, unknown> | undefined): string {
  const options = { ...DEFAULT_EMBED, ...(embedOptions ?? {}) };
  return `vegaEmbed(${scriptJson(`#${elementId}`)}, ${scriptJson(spec)}, ${scriptJson(options)})
  .then(function (result) {
    window.hfSeparateViews = (window.hfSeparateViews || []).concat([result.view]);
    document.getElementById(${scriptJson(elementId)}).setAttribute('data-rendered', 'true');
  })
  .catch(function (error) {
    var el = document.getElementById(${scriptJson(elementId)});
    el.textContent = 'The chart could not be drawn: ' + error.message;
    console.error(error);
  });`;
}

/**
 * A complete HTML document that shows `spec`. With inlined libraries the page works offline
 * (no network requests at all); the chart renders as SVG with export buttons.
 *
 * @example
 * const html = chartHtml(spec, { libraries: readVegaLibraries(), title: 'Clusters' });
 */
export function chartHtml(spec: TopLevelSpec, options: ChartHtmlOptions): string {
  const id = options.elementId ?? 'hfs-vis';
  const title = options.title ?? 'hf-separate';
  const dark = (spec as { config?: { background?: string } }).config?.background;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hf-separate">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 24px; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif;${dark ? ` background: ${escapeHtml(dark)}; color: #eceff4;` : ''} }
  h1 { font-size: 1.4rem; margin: 0 0 4px; }
  p.description { margin: 0 0 16px; opacity: 0.8; }
  #${id} { overflow-x: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.description ? `<p class="description">${escapeHtml(options.description)}</p>\n` : ''}<div id="${id}"></div>
${libraryScripts(options.libraries, embedCall(spec, id, options.embedOptions))}
</body>
</html>
`;
}

/**
 * An HTML fragment (a `<div>` and scripts) for notebooks and other pages, showing `spec`.
 * @example tslab.display.html(chartHtmlFragment(spec, { libraries: 'cdn' }))
 */
export function chartHtmlFragment(spec: TopLevelSpec, options: ChartHtmlOptions): string {
  // Unique across notebook outputs of different sessions shown in one page.
  const id = options.elementId ?? `hfs-vis-${Date.now().toString(36)}-${fragmentCounter++}`;
  return `<div id="${id}"></div>\n${libraryScripts(options.libraries, embedCall(spec, id, options.embedOptions))}`;
}

let fragmentCounter = 0;
