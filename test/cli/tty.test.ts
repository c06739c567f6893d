import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/index.js';

// These tests drive the built CLI (dist/cli.js, made by `npm run build`, which CI runs first) in a
// real pseudo-terminal through tmux, the way a person sees it.
const cliPath = resolve('dist/cli.js');
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

const tmp = mkdtempSync(join(tmpdir(), 'hfs-tty-'));

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

async function waitFor(session: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const start = Date.now();
  let screen = '';
  while (Date.now() - start < timeoutMs) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
}

describe.runIf(hasTmux && (existsSync(cliPath) || process.env.CI))('the CLI in a terminal', () => {
  it('draws a progress bar per stage and a coloured summary', async () => {
    const session = `hfs-bar-${process.pid}`;
    const out = join(tmp, 'bar');
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `node ${cliPath} separate examples/data/penguins.csv -k 3 --out ${out}; echo EXIT=$?; sleep 30`);
    try {
      const screen = await waitFor(session, /EXIT=\d+/, 60_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).toMatch(/^load\s+\[#+\] 100%/m);
      expect(screen).toMatch(/^cluster\s+\[#+\] 100%/m);
      expect(screen).toMatch(/342 rows → 3 clusters/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  }, 90_000);

  it('stops cleanly on Ctrl-C with exit code 130', async () => {
    const rows = ['a,b,c,d,e'];
    const rng = createRng(1);
    for (let i = 0; i < 150_000; i++) rows.push(Array.from({ length: 5 }, () => (rng.normal() + (i % 7)).toFixed(4)).join(','));
    const big = join(tmp, 'big.csv');
    writeFileSync(big, `${rows.join('\n')}\n`);
    const session = `hfs-int-${process.pid}`;
    const out = join(tmp, 'interrupted');
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `node ${cliPath} separate ${big} --out ${out}; echo EXIT=$?; sleep 30`);
    try {
      await waitFor(session, /^cluster\s+\[/m, 60_000);
      tmux('send-keys', '-t', session, 'C-c');
      const screen = await waitFor(session, /EXIT=\d+/, 30_000);
      expect(screen).toContain('Stopped.');
      expect(screen).toContain('EXIT=130');
      expect(existsSync(join(out, 'assignments.csv'))).toBe(false);
    } finally {
      tmux('kill-session', '-t', session);
    }
  }, 120_000);
});
