// Type-checks against the packed tarball's declarations.
import { pipeline, type Matrix, type SeparationResult, matrix } from 'hf-separate';

const m: Matrix = matrix(new Float32Array(4), 2, 2);
const run: Promise<SeparationResult> = pipeline().cluster('kmeans', { k: 2 }).run([{ a: 1 }, { a: 2 }]);
void m;
void run;
