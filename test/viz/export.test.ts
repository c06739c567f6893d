import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { chartHtml, clusterScatter, clusterSizes, dashboard, scriptJson } from '../../src/viz/index.js';
import { dashboardHtml, hasCanvas, readVegaLibraries, renderPdf, renderPng, renderSvg, saveDashboard } from '../../src/viz/node.js';
import { blobs } from './fixtures.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'hfs-viz-export-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('self-contained HTML', () => {
  it('inlines vega, vega-lite and vega-embed from the installed packages, with no external script', () => {
    const libs = readVegaLibraries();
    const pkg = (name: string): string => JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version;
    expect(libs.vegaLite).toContain(`"${pkg('vega-lite')}"`);
    const html = dashboardHtml(dashboard(blobs()), { title: 'Segments <2026>', description: 'Test page' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Segments &lt;2026&gt;</title>');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toContain('cdn.jsdelivr');
    expect(html.length).toBeGreaterThan(libs.vega.length + libs.vegaLite.length + libs.vegaEmbed.length);
    expect(html).toContain('"renderer":"svg"');
  });

  it('text that looks like markup cannot break out of the script element', () => {
    const input = blobs();
    input.texts = input.texts!.map((t, i) => (i === 0 ? '</script><script>alert(1)</script><!--' : t));
    const html = dashboardHtml(clusterScatter(input));
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)');
    expect(JSON.parse(scriptJson('</script>').replace(/\\u003c/g, '<'))).toBe('</script>');
  });

  it('a CDN variant exists for pages that may go online', () => {
    const html = chartHtml(clusterSizes(blobs()), { libraries: 'cdn', title: 'x' });
    expect(html).toContain('https://cdn.jsdelivr.net/npm/vega-lite@6');
  });
});

describe('headless rendering', () => {
  it('renders SVG with one symbol per point', async () => {
    const svg = await renderSvg(clusterScatter(blobs()));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/aria-roledescription="circle"/g)).toHaveLength(96);
  });

  it('PNG and PDF need the optional canvas package and say so clearly', async () => {
    if (hasCanvas()) {
      const png = await renderPng(clusterSizes(blobs()));
      expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      return;
    }
    const error = await renderPng(clusterSizes(blobs())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('NO_CANVAS');
    expect((error as ConfigError).message).toMatch(/npm install canvas/);
    await expect(renderPdf(clusterSizes(blobs()))).rejects.toThrow(/canvas/);
  });
});

describe('saveDashboard', () => {
  it('writes the HTML page, the spec and an SVG', async () => {
    const dir = tempDir();
    const files = await saveDashboard(dir, dashboard(blobs()), { title: 'Saved' });
    expect(files.html).toBe(join(dir, 'dashboard.html'));
    expect(readFileSync(files.html!, 'utf8')).toContain('<title>Saved</title>');
    expect(JSON.parse(readFileSync(files.json!, 'utf8')).$schema).toContain('vega-lite/v6');
    expect(readFileSync(files.svg!, 'utf8')).toContain('<svg');
    expect(files.data).toEqual({});
  });

  it('with data by URL, writes each dataset next to the page and renders from them', async () => {
    const dir = tempDir();
    const spec = clusterScatter(blobs(), { data: { url: 'data/{dataset}.json' } });
    const files = await saveDashboard(dir, spec, { name: 'scatter', formats: ['json', 'svg'] });
    expect(Object.keys(files.data).sort()).toEqual(['clusters', 'points']);
    const points = JSON.parse(readFileSync(join(dir, 'data', 'points.json'), 'utf8')) as unknown[];
    expect(points).toHaveLength(96);
    expect(readFileSync(files.svg!, 'utf8').match(/aria-roledescription="circle"/g)).toHaveLength(96);
    expect(existsSync(join(dir, 'scatter.html'))).toBe(false);
  });

  it('refuses PNG without canvas before writing anything', async () => {
    if (hasCanvas()) return;
    const dir = join(tempDir(), 'out');
    await expect(saveDashboard(dir, clusterSizes(blobs()), { formats: ['png'] })).rejects.toThrow(ConfigError);
    expect(existsSync(dir)).toBe(false);
  });
});
