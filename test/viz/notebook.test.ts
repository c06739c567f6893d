import { afterEach, describe, expect, it, vi } from 'vitest';
import { JUPYTER_DISPLAY, VEGALITE_MIME, VegaLiteChart, clusterSizes, display, toChart } from '../../src/viz/index.js';
import { blobs } from './fixtures.js';

describe('notebook display', () => {
  const spec = clusterSizes(blobs());

  afterEach(() => {
    delete (globalThis as { Deno?: unknown }).Deno;
  });

  it('the Deno display symbol returns a Vega-Lite 5 MIME bundle with a text fallback', () => {
    const chart = new VegaLiteChart(spec);
    expect(JUPYTER_DISPLAY).toBe(Symbol.for('Jupyter.display'));
    const bundle = chart[Symbol.for('Jupyter.display') as typeof JUPYTER_DISPLAY]();
    expect(Object.keys(bundle).sort()).toEqual([VEGALITE_MIME, 'text/plain'].sort());
    expect(VEGALITE_MIME).toBe('application/vnd.vegalite.v5+json');
    const carried = bundle[VEGALITE_MIME] as { $schema: string; datasets: unknown };
    expect(carried.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(carried.datasets).toEqual((spec as { datasets: unknown }).datasets);
    expect(bundle['text/plain']).toBe('<Vega-Lite chart: Cluster sizes>');
    expect(JSON.parse(JSON.stringify(chart))).toEqual(JSON.parse(JSON.stringify(spec)));
  });

  it('an HTML fallback is added only on request', () => {
    const bundle = new VegaLiteChart(spec, { htmlFallback: 'cdn' }).toMimeBundle();
    expect(bundle['text/html']).toMatch(/^<div id="hfs-vis-[a-z0-9]+-\d+"><\/div>/);
    expect(bundle['text/html']).toContain('vegaEmbed(');
  });

  it('toChart accepts specs, charts, VizInput (as the dashboard) and results with toVegaLite()', () => {
    expect(toChart(spec).spec).toBe(spec);
    const chart = new VegaLiteChart(spec);
    expect(toChart(chart)).toBe(chart);
    expect(JSON.stringify(toChart(blobs()).spec)).toContain('"vconcat"');
    expect(toChart({ toVegaLite: () => spec }).spec).toBe(spec);
    expect(() => toChart(42 as never)).toThrow(/nothing to show/);
  });

  it('display() sends the bundle through Deno.jupyter.display in the Deno kernel', async () => {
    const sent = vi.fn();
    (globalThis as { Deno?: unknown }).Deno = { jupyter: { display: sent } };
    await expect(display(spec)).resolves.toBe('deno');
    expect(sent).toHaveBeenCalledTimes(1);
    expect(Object.keys(sent.mock.calls[0]![0] as object)).toContain(VEGALITE_MIME);
    expect(sent.mock.calls[0]![1]).toEqual({ raw: true });
  });

  it('display() outside a notebook (no Deno, no tslab) shows nothing and says so', async () => {
    await expect(display(spec)).resolves.toBe('none');
  });
});
