import { table, type ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { ClusterExplanation } from '../core/contracts.js';
import type { Matrix } from '../core/matrix.js';
import type { ColumnInfo } from '../data/types.js';
import type { ResolvedPipelineConfig } from './config.js';
import { InputError } from '../core/errors.js';
import { forJupyterLab, JUPYTER_DISPLAY, VEGALITE_MIME, type MimeBundle } from '../viz/chart.js';

/** The pipeline stages, in the order they run. */
export const STAGES = ['load', 'preprocess', 'embed', 'reduce', 'cluster', 'project', 'explain', 'evaluate', 'visualize'] as const;
/** One of {@link STAGES}. */
export type StageName = (typeof STAGES)[number];

/** What happened in one stage. */
export interface StageRecord {
  stage: StageName;
  status: 'ran' | 'skipped';
  /** Method used, e.g. `umap`. */
  method?: string;
  /** Why the stage was skipped, or a note on what it did. */
  reason?: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/** A choice the library made for the user, with the reason and the scores behind it. */
export interface AutomaticChoice {
  stage: StageName;
  option: string;
  value: unknown;
  reason: string;
  scores?: Record<string, number>;
}

/** One group, summarised. */
export interface ClusterSummary extends ClusterExplanation {
  /** Share of the clustered rows. */
  share: number;
  /** Mean membership probability. */
  meanProbability: number;
  /** Ids of representative rows (from the explainer's exemplar indices). */
  exemplarIds?: (string | number)[];
}

/** What happened to the input rows on the way in. */
export interface DataReport {
  source?: string;
  rows: number;
  columns: ColumnInfo[];
  /** Columns used, by role. */
  used: { text: string[]; numeric: string[]; categorical: string[]; id?: string };
  missing: { column: string; count: number; action: string }[];
  skipped: { row: number; reason: string }[];
  /** Texts that were empty after cleaning (they still get a vector, and are counted here). */
  emptyTexts: number;
}

/** Everything a run produces, before it is wrapped in {@link SeparationResult}. */
export interface SeparationResultInit {
  ids: (string | number)[];
  idColumn: string;
  labels: Int32Array;
  probabilities: Float64Array;
  outlierScores: Float64Array;
  /** 1 where the row was left out of clustering (see `data.skipped`). */
  skipped: Uint8Array;
  coords: Matrix<Float64Array>;
  clusters: ClusterSummary[];
  metrics: Record<string, number>;
  specs: Record<string, TopLevelSpec>;
  stages: StageRecord[];
  choices: AutomaticChoice[];
  data: DataReport;
  config: ResolvedPipelineConfig;
  versions: Record<string, string>;
  seed: number;
  /** The matrix the clusterer saw (clustered rows only). */
  features?: Matrix;
  /** Input rows, for explanations and tooltips. */
  rows?: readonly Record<string, unknown>[];
  texts?: readonly string[];
}

/**
 * The outcome of a separation: per-row cluster (-1 = outlier), probability, outlier score and 2-D
 * coordinates; per-cluster summaries; metrics; Vega-Lite specs; timings; the exact config and
 * versions used.
 *
 * @example
 * const result = await pipeline().cluster('kmeans', { k: 3 }).run(rows);
 * result.labels;        // Int32Array
 * result.toCSV();       // id,cluster,probability,outlier_score,x,y
 * await result.save('out'); // Node: assignments.csv, report.json, report.md, charts/
 */
export class SeparationResult {
  readonly ids: (string | number)[];
  readonly idColumn: string;
  readonly labels: Int32Array;
  readonly probabilities: Float64Array;
  readonly outlierScores: Float64Array;
  readonly skipped: Uint8Array;
  readonly coords: Matrix<Float64Array>;
  readonly clusters: ClusterSummary[];
  readonly metrics: Record<string, number>;
  readonly specs: Record<string, TopLevelSpec>;
  readonly stages: StageRecord[];
  readonly choices: AutomaticChoice[];
  readonly data: DataReport;
  readonly config: ResolvedPipelineConfig;
  readonly versions: Record<string, string>;
  readonly seed: number;
  readonly features: Matrix | undefined;
  readonly rows: readonly Record<string, unknown>[] | undefined;
  readonly texts: readonly string[] | undefined;

  constructor(init: SeparationResultInit) {
    this.ids = init.ids;
    this.idColumn = init.idColumn;
    this.labels = init.labels;
    this.probabilities = init.probabilities;
    this.outlierScores = init.outlierScores;
    this.skipped = init.skipped;
    this.coords = init.coords;
    this.clusters = init.clusters;
    this.metrics = init.metrics;
    this.specs = init.specs;
    this.stages = init.stages;
    this.choices = init.choices;
    this.data = init.data;
    this.config = init.config;
    this.versions = init.versions;
    this.seed = init.seed;
    this.features = init.features;
    this.rows = init.rows;
    this.texts = init.texts;
  }

  /** Number of input rows (clustered, outliers and skipped). */
  get numRows(): number {
    return this.labels.length;
  }

  /** Number of clusters found (outliers excluded). */
  get numClusters(): number {
    return this.clusters.length;
  }

  /** Wall time per stage in milliseconds. */
  get timings(): Record<string, number> {
    return Object.fromEntries(this.stages.map((s) => [s.stage, s.ms]));
  }

  /** Per-row assignments as plain objects (the rows of `assignments.csv`). */
  assignments(): Record<string, string | number | boolean | null>[] {
    const out: Record<string, string | number | boolean | null>[] = new Array(this.numRows);
    for (let i = 0; i < this.numRows; i++) {
      const skipped = this.skipped[i] === 1;
      out[i] = {
        [this.idColumn]: this.ids[i]!,
        cluster: this.labels[i]!,
        probability: skipped ? null : roundTo(this.probabilities[i]!, 6),
        outlier_score: skipped ? null : roundTo(this.outlierScores[i]!, 6),
        x: skipped ? null : roundTo(this.coords.data[i * 2]!, 6),
        y: skipped ? null : roundTo(this.coords.data[i * 2 + 1]!, 6),
        skipped,
      };
    }
    return out;
  }

  /** The assignments as an arquero table. */
  toTable(): ColumnTable {
    const rows = this.assignments();
    const columns: Record<string, unknown[]> = {};
    for (const key of Object.keys(rows[0] ?? {})) columns[key] = rows.map((r) => r[key]);
    return table(columns);
  }

  /** The assignments as CSV text (`id,cluster,probability,outlier_score,x,y,skipped`). */
  toCSV(): string {
    const rows = this.assignments();
    const header = Object.keys(rows[0] ?? { [this.idColumn]: '', cluster: 0 });
    const lines = [header.map(csvCell).join(',')];
    for (const r of rows) lines.push(header.map((h) => csvCell(r[h])).join(','));
    return `${lines.join('\n')}\n`;
  }

  /** The report: clusters, metrics, automatic choices, stages, data report, config and versions. */
  report(): SeparationReport {
    return {
      summary: {
        rows: this.numRows,
        clusters: this.numClusters,
        outliers: countWhere(this.labels, this.skipped, (l, s) => l === -1 && !s),
        skipped: countWhere(this.labels, this.skipped, (_l, s) => s),
      },
      clusters: this.clusters,
      metrics: this.metrics,
      choices: this.choices,
      stages: this.stages,
      data: this.data,
      config: this.config,
      seed: this.seed,
      versions: this.versions,
      charts: Object.keys(this.specs),
    };
  }

  /** A JSON-ready object: the report plus the per-row assignments. */
  toJSON(): SeparationReport & { assignments: ReturnType<SeparationResult['assignments']> } {
    return { ...this.report(), assignments: this.assignments() };
  }

  /** The report as Markdown, for people. */
  toMarkdown(): string {
    const r = this.report();
    const lines: string[] = [];
    lines.push('# Separation report', '');
    lines.push(
      `${r.summary.rows} rows → ${r.summary.clusters} clusters, ${r.summary.outliers} outliers, ${r.summary.skipped} skipped.`,
      '',
    );
    if (this.data.skipped.length > 0) {
      lines.push(`Skipped rows: ${this.data.skipped.length} (${summariseReasons(this.data.skipped)}).`, '');
    }
    lines.push('## Clusters', '', '| cluster | size | share | label | mean probability |', '|---:|---:|---:|---|---:|');
    for (const c of r.clusters) {
      lines.push(`| ${c.cluster} | ${c.size} | ${(c.share * 100).toFixed(1)}% | ${c.label.replace(/\|/g, '\\|')} | ${c.meanProbability.toFixed(3)} |`);
    }
    if (Object.keys(r.metrics).length > 0) {
      lines.push('', '## Metrics', '', '| metric | value |', '|---|---:|');
      for (const [k, v] of Object.entries(r.metrics)) lines.push(`| ${k} | ${formatNumber(v)} |`);
    }
    if (r.choices.length > 0) {
      lines.push('', '## Automatic choices', '');
      for (const c of r.choices) lines.push(`- **${c.stage} ${c.option}** = \`${JSON.stringify(c.value)}\`: ${c.reason}`);
    }
    lines.push('', '## Stages', '', '| stage | status | method | ms | note |', '|---|---|---|---:|---|');
    for (const s of r.stages) lines.push(`| ${s.stage} | ${s.status} | ${s.method ?? ''} | ${s.ms.toFixed(0)} | ${s.reason ?? ''} |`);
    return `${lines.join('\n')}\n`;
  }

  /**
   * The result's chart for notebooks and `display()`: the linked dashboard (or, when it was not
   * built, the first chart). Throws when the run built no charts (no clusters).
   */
  toVegaLite(): TopLevelSpec {
    const spec = this.specs.dashboard ?? Object.values(this.specs)[0];
    if (!spec) {
      throw new InputError('This result has no charts (the run found no clusters or built none).', {
        code: 'NO_CHARTS',
        field: 'specs',
        fix: 'Run with .visualize() and data that separates into at least one cluster.',
      });
    }
    return spec;
  }

  /**
   * Jupyter display hook (Deno's kernel calls it when a result is the last value of a cell): the
   * dashboard as a Vega-Lite MIME bundle, with the Markdown report as the plain-text fallback.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const spec = this.specs.dashboard ?? Object.values(this.specs)[0];
    return { ...(spec ? { [VEGALITE_MIME]: forJupyterLab(spec) } : {}), 'text/plain': this.toMarkdown() };
  }

  /**
   * Writes `assignments.csv`, `report.json`, `report.md` and `charts/<name>.vl.json` into `dir`
   * (created if needed). Node only.
   */
  async save(dir: string): Promise<string[]> {
    const { saveResult } = await import('./save.js');
    return saveResult(this, dir);
  }
}

/** The JSON report of a run (what `report.json` holds). */
export interface SeparationReport {
  summary: { rows: number; clusters: number; outliers: number; skipped: number };
  clusters: ClusterSummary[];
  metrics: Record<string, number>;
  choices: AutomaticChoice[];
  stages: StageRecord[];
  data: DataReport;
  config: ResolvedPipelineConfig;
  seed: number;
  versions: Record<string, string>;
  charts: string[];
}

function countWhere(labels: Int32Array, skipped: Uint8Array, f: (label: number, skipped: boolean) => boolean): number {
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (f(labels[i]!, skipped[i] === 1)) c++;
  return c;
}

function summariseReasons(skipped: { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts.entries()].map(([r, c]) => `${c} × ${r}`).join('; ');
}

function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** Quotes a CSV cell when it needs it (RFC 4180). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
