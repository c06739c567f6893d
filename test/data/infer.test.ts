import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { inferColumns } from '../../src/index.js';

describe('inferColumns', () => {
  it('recognises coordinates, ids, dates, booleans, text and categories', () => {
    const n = 30;
    const t = table({
      customer_id: Array.from({ length: n }, (_, i) => `c${i}`),
      lat: Array.from({ length: n }, (_, i) => 40 + i / 10),
      lon: Array.from({ length: n }, (_, i) => -70 - i / 10),
      when: Array.from({ length: n }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
      active: Array.from({ length: n }, (_, i) => i % 2 === 0),
      review: Array.from({ length: n }, (_, i) => `This product number ${i} was rather good value`),
      tier: Array.from({ length: n }, (_, i) => ['gold', 'silver', 'bronze'][i % 3]),
      amount: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i * 1.5)),
    });
    const kinds = Object.fromEntries(inferColumns(t).map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      customer_id: 'id',
      lat: 'latitude',
      lon: 'longitude',
      when: 'datetime',
      active: 'boolean',
      review: 'text',
      tier: 'categorical',
      amount: 'numeric',
    });
    const amount = inferColumns(t).find((c) => c.name === 'amount')!;
    expect(amount.missing).toBe(10);
    expect(amount.distinct).toBe(20);
  });

  it('does not call out-of-range numbers named lat a latitude', () => {
    const t = table({ lat: [10, 95, 20] });
    expect(inferColumns(t)[0]!.kind).toBe('numeric');
  });
});
