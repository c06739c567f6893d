import { AbortError } from './errors.js';

/** One progress report from a long step. `done`/`total` are in the step's own units (rows, epochs...). */
export interface ProgressEvent {
  /** Pipeline stage, e.g. `embed`, `reduce`, `cluster`. */
  stage: string;
  /** Finer step inside the stage, e.g. `knn`, `optimize`. */
  step?: string;
  done: number;
  total: number;
  message?: string;
}

/** The one callback every long step reports through. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** Options every long-running function accepts. */
export interface RunOptions {
  /** Cancels the work; the function rejects with {@link AbortError}. */
  signal?: AbortSignal;
  /** Called as the work advances. */
  onProgress?: ProgressCallback;
}

/** Throws {@link AbortError} when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, stage?: string): void {
  if (signal?.aborted) throw new AbortError(stage, signal.reason);
}

/**
 * Lets the event loop breathe (so an abort or a progress bar can be handled) and then checks the
 * signal. Call it between chunks of a long loop.
 */
export async function checkpoint(signal: AbortSignal | undefined, stage?: string): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  throwIfAborted(signal, stage);
}

/**
 * Wraps a progress callback so it fires at most once per `every` units (and always on the last one),
 * to keep reporting cheap inside hot loops.
 */
export function throttledProgress(
  onProgress: ProgressCallback | undefined,
  stage: string,
  total: number,
  step?: string,
  every = Math.max(1, Math.floor(total / 100)),
): (done: number, message?: string) => void {
  if (!onProgress) return () => {};
  let last = -Infinity;
  return (done, message) => {
    if (done - last >= every || done >= total) {
      last = done;
      onProgress({ stage, ...(step !== undefined ? { step } : {}), done, total, ...(message ? { message } : {}) });
    }
  };
}
