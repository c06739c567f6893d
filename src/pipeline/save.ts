import { nodeModule } from '../core/node.js';
import type { SeparationResult } from './result.js';

/**
 * Writes a result into a folder: `assignments.csv`, `report.json`, `report.md` and one
 * `charts/<name>.vl.json` per chart. Returns the paths written. Node only.
 *
 * @example await saveResult(result, 'out');
 */
export async function saveResult(result: SeparationResult, dir: string): Promise<string[]> {
  const fs = await nodeModule('fs', 'Saving results');
  const path = await nodeModule('path', 'Saving results');
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, text: string): Promise<void> => {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text, 'utf8');
    written.push(file);
  };
  await write('assignments.csv', result.toCSV());
  await write('report.json', `${JSON.stringify(result.report(), null, 2)}\n`);
  await write('report.md', result.toMarkdown());
  for (const [name, spec] of Object.entries(result.specs)) {
    await write(`charts/${name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
  }
  return written;
}
