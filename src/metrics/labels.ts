import { InputError } from '../core/errors.js';

/**
 * Cluster labels as accepted by every metric: one integer per row (`-1` conventionally marks noise),
 * or class names (strings, e.g. a label column read from a CSV), which are coded in sorted order.
 */
export type LabelsLike = Int32Array | ArrayLike<number> | ArrayLike<string>;

/**
 * How a metric treats the noise label `-1`.
 * - `'cluster'` (default, like scikit-learn): `-1` is an ordinary label, i.e. all noise points form one group.
 * - `'exclude'`: rows labelled `-1` (in either labelling, for external metrics) are dropped first.
 * - `'singletons'`: each noise point is its own cluster (external metrics only).
 */
export type NoiseHandling = 'cluster' | 'exclude' | 'singletons';

/** Labels re-coded to `0..nLabels-1` in order of first appearance of the sorted original values. */
export interface EncodedLabels {
  codes: Int32Array;
  /** Original label of each code, ascending. */
  values: number[];
  /** Rows per code. */
  counts: Float64Array;
}

/**
 * Checks a labels argument and copies it into an `Int32Array`. Class names (strings) become codes
 * 0, 1, ... in sorted order of the names.
 * @example toLabelArray([0, 1, -1]); // Int32Array [0, 1, -1]
 * @example toLabelArray(['Gentoo', 'Adelie', 'Gentoo']); // Int32Array [1, 0, 1]
 */
export function toLabelArray(labels: LabelsLike, field = 'labels'): Int32Array {
  if (labels == null || typeof (labels as ArrayLike<number>).length !== 'number') {
    throw new InputError(`${field} must be an array of integers or class names.`, {
      code: 'BAD_LABELS',
      field,
      fix: 'Pass an Int32Array or number[] with one cluster id per row, or string[] of class names.',
    });
  }
  if (labels instanceof Int32Array) return labels;
  if (Array.prototype.some.call(labels, (v: unknown) => typeof v === 'string')) return codeNames(labels as ArrayLike<unknown>, field);
  return toIntegers(labels as ArrayLike<number>, field);
}

function codeNames(labels: ArrayLike<unknown>, field: string): Int32Array {
  const names = new Array<string>(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === null || v === undefined) {
      throw new InputError(`${field}[${i}] is missing.`, { code: 'BAD_LABELS', field: `${field}[${i}]`, fix: 'Give every row a label.' });
    }
    names[i] = String(v);
  }
  const sorted = [...new Set(names)].sort();
  const code = new Map(sorted.map((name, k) => [name, k]));
  return Int32Array.from(names, (name) => code.get(name)!);
}

function toIntegers(labels: ArrayLike<number>, field: string): Int32Array {
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v)) {
      throw new InputError(`${field}[${i}] is ${v}, not an integer.`, {
        code: 'BAD_LABELS',
        field: `${field}[${i}]`,
        fix: 'Cluster labels must be whole numbers (use -1 for noise).',
      });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Re-codes labels to dense ids `0..k-1` (sorted by original value, like scikit-learn's `LabelEncoder`).
 * @example encodeLabels(Int32Array.from([5, -1, 5])).codes; // Int32Array [1, 0, 1]
 */
export function encodeLabels(labels: Int32Array): EncodedLabels {
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) if (!map.has(labels[i]!)) map.set(labels[i]!, 0);
  const values = [...map.keys()].sort((a, b) => a - b);
  values.forEach((v, k) => map.set(v, k));
  const codes = new Int32Array(labels.length);
  const counts = new Float64Array(values.length);
  for (let i = 0; i < labels.length; i++) {
    const c = map.get(labels[i]!)!;
    codes[i] = c;
    counts[c]!++;
  }
  return { codes, values, counts };
}

/**
 * Throws unless two labellings have the same length.
 * @example checkSameLength(a, b, 'labelsTrue', 'labelsPred');
 */
export function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, fa: string, fb: string): void {
  if (a.length !== b.length) {
    throw new InputError(`${fa} has ${a.length} entries but ${fb} has ${b.length}.`, {
      code: 'LENGTH_MISMATCH',
      field: fb,
      fix: `Pass one label per row in both ${fa} and ${fb}.`,
    });
  }
}

/**
 * Applies a {@link NoiseHandling} policy to a pair of labellings (external metrics).
 * Returns new arrays; the inputs are not modified.
 * @example const [t, p] = applyNoisePair(truth, pred, 'exclude');
 */
export function applyNoisePair(
  trueLabels: Int32Array,
  predLabels: Int32Array,
  noise: NoiseHandling,
): [Int32Array, Int32Array] {
  if (noise === 'cluster') return [trueLabels, predLabels];
  if (noise === 'exclude') {
    let m = 0;
    for (let i = 0; i < trueLabels.length; i++) if (trueLabels[i] !== -1 && predLabels[i] !== -1) m++;
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    for (let i = 0, j = 0; i < trueLabels.length; i++) {
      if (trueLabels[i] !== -1 && predLabels[i] !== -1) {
        a[j] = trueLabels[i]!;
        b[j++] = predLabels[i]!;
      }
    }
    return [a, b];
  }
  return [singletonNoise(trueLabels), singletonNoise(predLabels)];
}

/**
 * Gives every `-1` row its own fresh label (above the largest existing one).
 * @example singletonNoise(Int32Array.from([0, -1, -1])); // Int32Array [0, 1, 2]
 */
export function singletonNoise(labels: Int32Array): Int32Array {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > max) max = labels[i]!;
  const out = Int32Array.from(labels);
  let next = max + 1;
  for (let i = 0; i < out.length; i++) if (out[i] === -1) out[i] = next++;
  return out;
}
