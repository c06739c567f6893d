import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { CachedEmbedder } from '../../src/embeddings/cache.js';
import { DiskStore } from '../../src/embeddings/disk-store.js';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';

const root = resolve(__dirname, '../..');
const texts = Array.from({ length: 3000 }, (_, i) => `document ${i} about ${['cats', 'markets', 'rivers', 'music'][i % 4]} and more words ${i * 7}`);

it('a run killed with SIGKILL half-way resumes: written vectors are served, only the rest is computed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hfs-kill-'));
  try {
    // A child process embeds into a DiskStore and is killed (-9) after a few chunks are written.
    const entry = join(dir, 'child.ts');
    // The bundle lives under node_modules so the child resolves the project's packages (ESM has no NODE_PATH).
    const childFile = join(root, 'node_modules', '.cache', 'hf-separate-tests', `kill-child-${process.pid}.mjs`);
    writeFileSync(
      entry,
      `import { CachedEmbedder } from ${JSON.stringify(join(root, 'src/embeddings/cache.ts'))};
       import { DiskStore } from ${JSON.stringify(join(root, 'src/embeddings/disk-store.ts'))};
       import { TransformersEmbedder } from ${JSON.stringify(join(root, 'src/embeddings/transformers-embedder.ts'))};
       import { readFileSync } from 'node:fs';
       const texts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
       const store = await DiskStore.open(process.argv[3]);
       const cached = new CachedEmbedder(new TransformersEmbedder({ model: ${JSON.stringify(join(root, 'models/glove-100d'))}, offline: true }), { store, chunkSize: 100 });
       await cached.embed(texts, { onProgress: (e) => process.stdout.write('done ' + e.done + '\\n') });
       process.stdout.write('finished\\n');`,
    );
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: childFile, packages: 'external', logLevel: 'silent', absWorkingDir: root });
    writeFileSync(join(dir, 'texts.json'), JSON.stringify(texts));

    const storeDir = join(dir, 'store');
    const killedAt = await new Promise<number>((resolveKill, reject) => {
      const child = spawn(process.execPath, [childFile, join(dir, 'texts.json'), storeDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let last = 0;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const m of chunk.matchAll(/done (\d+)/g)) last = Number(m[1]);
        if (last >= 600 && !child.killed) child.kill('SIGKILL');
        if (chunk.includes('finished')) reject(new Error('the child finished before it could be killed'));
      });
      child.on('exit', () => resolveKill(last));
      child.on('error', reject);
    });
    expect(killedAt).toBeGreaterThanOrEqual(600);
    expect(killedAt).toBeLessThan(texts.length);

    const store = await DiskStore.open(storeDir);
    const saved = (await store.stats()).entries;
    expect(saved).toBeGreaterThanOrEqual(killedAt); // everything reported done was on disk
    const cached = new CachedEmbedder(new TransformersEmbedder({ model: join(root, 'models/glove-100d'), offline: true }), { store });
    const x = await cached.embed(texts);
    expect(cached.lastReport.cacheHits).toBe(saved);
    expect(cached.lastReport.computed).toBe(texts.length - saved);
    const fresh = await new TransformersEmbedder({ model: join(root, 'models/glove-100d'), offline: true }).embed(texts);
    expect(Buffer.from(x.data.buffer).equals(Buffer.from(fresh.data.buffer))).toBe(true);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(root, 'node_modules', '.cache', 'hf-separate-tests', `kill-child-${process.pid}.mjs`), { force: true });
  }
}, 60_000);
