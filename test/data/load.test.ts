import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArrowIPC, table } from 'arquero';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { InputError, loadData, parseBytes } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hfs-data-'));
const write = (name: string, content: string | Uint8Array): string => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('loadData', () => {
  it('reads the penguins CSV and infers every column kind', async () => {
    const data = await loadData('examples/data/penguins.csv');
    expect(data.numRows).toBe(342);
    const kinds = Object.fromEntries(data.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      id: 'id',
      island: 'categorical',
      sex: 'categorical',
      bill_length_mm: 'numeric',
      bill_depth_mm: 'numeric',
      flipper_length_mm: 'numeric',
      body_mass_g: 'numeric',
      label: 'categorical',
    });
    expect(data.columns.find((c) => c.name === 'sex')!.missing).toBe(9);
  });

  it('reads TSV, JSON, NDJSON, Arrow and Parquet to the same table', async () => {
    const rows = [
      { id: 'a', x: 1.5, note: 'the quick brown fox jumps' },
      { id: 'b', x: 2.5, note: 'over the lazy dog again' },
    ];
    const sources = [
      write('t.tsv', 'id\tx\tnote\na\t1.5\tthe quick brown fox jumps\nb\t2.5\tover the lazy dog again\n'),
      write('t.json', JSON.stringify(rows)),
      write('t.ndjson', rows.map((r) => JSON.stringify(r)).join('\n')),
      write('t.arrow', toArrowIPC(table({ id: ['a', 'b'], x: [1.5, 2.5], note: rows.map((r) => r.note) }))),
      write(
        't.parquet',
        new Uint8Array(
          parquetWriteBuffer({
            columnData: [
              { name: 'id', data: ['a', 'b'], type: 'STRING' },
              { name: 'x', data: [1.5, 2.5], type: 'DOUBLE' },
              { name: 'note', data: rows.map((r) => r.note), type: 'STRING' },
            ],
          }),
        ),
      ),
    ];
    for (const source of sources) {
      const data = await loadData(source);
      expect(data.table.objects(), source).toEqual(rows);
      expect(data.source).toBe(source);
    }
  });

  it('accepts arrays of objects and arquero tables, keeping keys missing from some rows', async () => {
    const fromRows = await loadData([{ a: 1 }, { a: 2, b: 'x' }]);
    expect(fromRows.table.columnNames()).toEqual(['a', 'b']);
    expect(fromRows.table.array('b')).toEqual([null, 'x']);
    const t = table({ a: [1, 2, 3] });
    expect((await loadData(t)).numRows).toBe(3);
  });

  it('lets declared kinds override inference', async () => {
    const data = await loadData([{ year: 2007 }, { year: 2008 }, { year: 2009 }], { kinds: { year: 'categorical' } });
    expect(data.columns[0]).toMatchObject({ kind: 'categorical', source: 'declared' });
  });

  it('gives clear errors for missing, empty, badly encoded and malformed files', async () => {
    await expect(loadData(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', field: join(dir, 'nope.csv') });
    await expect(loadData(write('empty.csv', ''))).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    await expect(loadData(write('header.csv', 'a,b\n'))).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    const latin1 = new Uint8Array([...Buffer.from('name\nok\ncaf'), 0xe9, 0x0a]);
    const err = await loadData(write('latin1.csv', latin1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('BAD_ENCODING');
    expect((err as InputError).message).toMatch(/line 3/);
    await expect(loadData(write('bad.ndjson', '{"a":1}\n{"a":\n'))).rejects.toThrow(/line 2/);
    await expect(loadData(write('x.xlsx', 'zz'))).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
    await expect(loadData(write('obj.json', '{"a": 1}'))).rejects.toMatchObject({ code: 'BAD_FILE' });
    await expect(loadData([])).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    await expect(loadData([{ a: 1 }], { kinds: { b: 'numeric' } })).rejects.toMatchObject({ code: 'MISSING_COLUMN', field: 'b' });
  });

  it('strips a UTF-8 byte-order mark and sniffs semicolons', async () => {
    const t = await parseBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('a;b\n1;2\n')]), 'csv');
    expect(t.columnNames()).toEqual(['a', 'b']);
    expect(t.objects()).toEqual([{ a: 1, b: 2 }]);
  });
});
