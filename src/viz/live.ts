import { InputError } from '../core/errors.js';

/**
 * The part of a Vega `View` that live updates need (the object `vegaEmbed` resolves with as
 * `result.view`, or `new vega.View(...)` in Node).
 * @example const { view } = await vegaEmbed('#map', spec); await appendRows(view, rows);
 */
export interface LiveView {
  /** Queues rows to add to the named dataset. */
  insert(name: string, tuples: unknown): LiveView;
  /** Queues rows (or a predicate) to remove from the named dataset. */
  remove(name: string, tuples: unknown): LiveView;
  /** The rows of the named dataset now. */
  data(name: string): object[];
  /** Applies the queued changes and re-renders. */
  runAsync(): Promise<unknown>;
}

/**
 * Options of {@link appendRows}.
 * @example await appendRows(view, rows, { dataset: 'points', maxRows: 2000 })
 */
export interface AppendRowsOptions {
  /** The dataset to update (default `points`, the rows of the scatter and the map). */
  dataset?: string;
  /** Keep at most this many rows: the oldest are dropped first (a sliding window; default 5000). */
  maxRows?: number;
}

/**
 * Streams new rows into a chart that is already on screen, without re-embedding it: the oldest rows
 * are dropped beyond `maxRows` so a live chart stays fast. Rows must have the shape of the dataset
 * (for `points`: `id`, `x`, `y`, `cluster`, `clusterName`, ...; `chartDatasets(spec).points[0]`
 * shows one). Resolves with the number of rows now in the dataset.
 *
 * @example
 * const { view } = await vegaEmbed('#map', clusterScatter(first));
 * stream.on('batch', (rows) => appendRows(view, rows, { maxRows: 3000 }));
 */
export async function appendRows(view: LiveView, rows: readonly object[], options: AppendRowsOptions = {}): Promise<number> {
  const dataset = options.dataset ?? 'points';
  const maxRows = options.maxRows ?? 5000;
  if (!(maxRows >= 1)) {
    throw new InputError(`maxRows must be at least 1, got ${options.maxRows}.`, {
      code: 'BAD_WINDOW',
      field: 'maxRows',
      fix: 'Pass a positive maxRows.',
    });
  }
  let current: object[];
  try {
    current = view.data(dataset);
  } catch (cause) {
    throw new InputError(`The chart has no dataset named "${dataset}".`, {
      code: 'UNKNOWN_DATASET',
      field: 'dataset',
      fix: 'Use a dataset name of the spec (points, clusters, sizes, keywords, ...; see chartDatasets(spec)).',
      cause,
    });
  }
  const incoming = rows.length > maxRows ? rows.slice(rows.length - maxRows) : rows;
  const overflow = current.length + incoming.length - maxRows;
  // Remove and insert in separate runs: one pulse per dataset per run.
  if (overflow > 0) await view.remove(dataset, current.slice(0, overflow)).runAsync();
  if (incoming.length > 0) await view.insert(dataset, incoming).runAsync();
  return view.data(dataset).length;
}
