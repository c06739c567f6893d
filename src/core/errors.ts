/** Details every {@link HfSeparateError} carries: a stable code, the offending field, and the fix. */
export interface ErrorDetails {
  /** Stable machine-readable code, e.g. `MISSING_COLUMN`. */
  code: string;
  /** The option, column, file or path that was wrong. */
  field?: string;
  /** What the user should do about it. */
  fix?: string;
  /** The underlying error, when one caused this. */
  cause?: unknown;
}

/**
 * Base class of every error hf-separate throws on purpose.
 *
 * @example
 * try { await separate(rows) } catch (e) { if (e instanceof HfSeparateError) console.error(e.code, e.fix) }
 */
export class HfSeparateError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly fix: string | undefined;

  constructor(message: string, details: ErrorDetails) {
    const full = details.fix ? `${message} Fix: ${details.fix}` : message;
    super(full, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.code = details.code;
    this.field = details.field;
    this.fix = details.fix;
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { name: string; code: string; field?: string; fix?: string; message: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.fix !== undefined ? { fix: this.fix } : {}),
    };
  }
}

/** Bad data or arguments: a missing column, an empty input, a value that does not parse. */
export class InputError extends HfSeparateError {}

/** A configuration or option that does not validate. */
export class ConfigError extends HfSeparateError {}

/** A model that cannot be found, loaded or run. */
export class ModelError extends HfSeparateError {}

/** The run was cancelled through its `AbortSignal`. */
export class AbortError extends HfSeparateError {
  constructor(stage?: string, cause?: unknown) {
    super(stage ? `Cancelled during ${stage}.` : 'Cancelled.', { code: 'ABORTED', field: stage, cause });
  }
}
