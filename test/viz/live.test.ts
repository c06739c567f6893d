import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { appendRows, chartDatasets, clusterScatter } from '../../src/viz/index.js';
import { blobs } from './fixtures.js';

describe('appendRows (live updates)', () => {
  it('streams rows into a running view with a sliding window, and the view redraws them', async () => {
    const spec = clusterScatter(blobs());
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    await view.runAsync();
    expect(view.data('points')).toHaveLength(96);
    const template = chartDatasets(spec)!.points![0] as Record<string, unknown>;
    const batch = Array.from({ length: 10 }, (_, i) => ({ ...template, id: `new-${i}`, x: 20 + i, y: 20 }));
    await expect(appendRows(view as never, batch, { maxRows: 100 })).resolves.toBe(100);
    const ids = view.data('points').map((r) => (r as { id: unknown }).id);
    expect(ids.slice(-10)).toEqual(batch.map((r) => r.id)); // newest kept, in order
    expect(ids[0]).toBe(6); // the 6 oldest (ids 0..5) were dropped
    const svg = await view.toSVG();
    expect(svg.match(/aria-roledescription="circle"/g)).toHaveLength(100);
    view.finalize();
  });

  it('names a missing dataset', async () => {
    const view = new vega.View(vega.parse(compile(clusterScatter(blobs())).spec), { renderer: 'none' });
    await view.runAsync();
    await expect(appendRows(view as never, [], { dataset: 'nope' })).rejects.toThrow(/no dataset named "nope"/);
    view.finalize();
  });
});
