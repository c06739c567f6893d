import type { ProgressEvent } from '../core/progress.js';

/** Where the bar draws: a TTY stream (the bar is silent elsewhere). */
export interface BarStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

/**
 * A one-line progress bar per stage for the terminal. It draws only on a TTY, redraws at most every
 * 80 ms, and finishes each stage on its own line.
 *
 * @example
 * const bar = new ProgressBar(process.stderr);
 * await separator.separate(file, { onProgress: bar.update });
 * bar.done();
 */
export class ProgressBar {
  private stage = '';
  private lastDraw = 0;
  private readonly enabled: boolean;
  private drawn = false;

  constructor(
    private readonly stream: BarStream,
    options: { enabled?: boolean } = {},
  ) {
    this.enabled = options.enabled ?? Boolean(stream.isTTY);
  }

  /** Feed a progress event (bound, so it can be passed as `onProgress`). */
  readonly update = (event: ProgressEvent): void => {
    if (!this.enabled) return;
    if (event.stage !== this.stage) {
      if (this.drawn) this.stream.write('\n');
      this.stage = event.stage;
      this.lastDraw = 0;
    }
    const t = Date.now();
    const finished = event.total > 0 && event.done >= event.total;
    if (!finished && t - this.lastDraw < 80) return;
    this.lastDraw = t;
    this.stream.write(`\r${renderBar(event, this.stream.columns ?? 80)}\u001b[K`);
    this.drawn = true;
  };

  /** Ends the current line. */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** Renders one bar line: `embed    [#######-------]  45% 4,500/10,000 step`. */
export function renderBar(event: ProgressEvent, columns = 80): string {
  const ratio = event.total > 0 ? Math.min(1, event.done / event.total) : 0;
  const pct = `${Math.round(ratio * 100)}%`.padStart(4);
  const label = event.stage.padEnd(10).slice(0, 10);
  const count = event.total > 1 ? ` ${event.done.toLocaleString('en-US')}/${event.total.toLocaleString('en-US')}` : '';
  const note = event.step ?? event.message ?? '';
  const width = Math.max(10, Math.min(40, columns - label.length - pct.length - count.length - note.length - 8));
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}${count} ${note}`.slice(0, columns - 1);
}
