import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

// The library-wide option parser (errors name the key, the bad value and the allowed values).
export { parseOptions as parseReducerOptions } from '../config/validate.js';

/** Rejects empty input and non-finite values, naming the first bad cell. @internal */
export function checkInput(x: Matrix, name: string, minRows = 1): void {
  if (x.rows < minRows || x.cols < 1) {
    throw new InputError(`${name} needs at least ${minRows} row(s) and 1 column, got ${x.rows} × ${x.cols}.`, {
      code: 'EMPTY_INPUT',
      field: 'x',
      fix: 'Pass a non-empty matrix.',
    });
  }
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const row = Math.floor(i / x.cols);
      throw new InputError(`${name}: row ${row}, column ${i % x.cols} is ${v}.`, {
        code: 'NON_FINITE',
        field: `x[${row}][${i % x.cols}]`,
        fix: 'Remove or impute missing and infinite values before reducing.',
      });
    }
  }
}

/** Rejects new rows whose width differs from the fitted data. @internal */
export function checkWidth(x: Matrix, expected: number, name: string): void {
  if (x.cols !== expected) {
    throw new InputError(`${name}.transform got ${x.cols} columns but was fitted on ${expected}.`, {
      code: 'BAD_SHAPE',
      field: 'x',
      fix: `Pass rows with ${expected} columns (the same features as in fit).`,
    });
  }
}
