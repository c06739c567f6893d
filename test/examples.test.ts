import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The examples import the built package (dist/), which `npm ci` / `npm run build` makes; CI builds
// before it tests, so these run there and keep the examples true to the code.
describe.runIf(existsSync('dist/index.js') || process.env.CI)('examples/', () => {
  const out = mkdtempSync(join(tmpdir(), 'hfs-examples-'));

  it('penguins.mjs separates the species with no tuning', () => {
    const text = execFileSync(process.execPath, ['examples/penguins.mjs', join(out, 'penguins')], { encoding: 'utf8' });
    expect(text).toMatch(/342 penguins → 3 groups/);
    const ari = Number(/ARI against species: ([\d.]+)/.exec(text)![1]);
    expect(ari).toBeGreaterThanOrEqual(0.9);
    expect(existsSync(join(out, 'penguins', 'dashboard.html'))).toBe(true);
  }, 120_000);

  it('topics.mjs finds topics in WordNet definitions and searches them', () => {
    const text = execFileSync(process.execPath, ['examples/topics.mjs', join(out, 'topics')], { encoding: 'utf8' });
    expect(text).toMatch(/600 definitions → \d+ topics/);
    const ari = Number(/ARI ([\d.]+)/.exec(text)![1]);
    expect(ari).toBeGreaterThan(0.25);
    expect(text).toMatch(/nearest to "a tree of the pine family": .*pine/);
  }, 120_000);
});
