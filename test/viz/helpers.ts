import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
const ajv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: false });
// The schema uses these string formats; a non-empty, space-free string is all we ask of them.
for (const format of ['uri', 'uri-reference', 'color-hex']) ajv.addFormat(format, /^\S+$/);
const validateSchema = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

/** Validates against the JSON Schema shipped in vega-lite; returns the error text ('' when valid). */
export function schemaErrors(spec: unknown): string {
  // Round-trip through JSON: the schema describes the JSON, not the JS object.
  const ok = validateSchema(JSON.parse(JSON.stringify(spec)));
  return ok ? '' : ajv.errorsText(validateSchema.errors, { separator: '\n' });
}

/** Compiles with vega-lite, collecting its warnings; throws on a compile error. */
export function compileSpec(spec: TopLevelSpec): { vg: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => {
      throw new Error(a.map(String).join(' '));
    },
    warn: (...a: unknown[]) => {
      warnings.push(a.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const vg = compile(spec, { logger: logger as never }).spec as vega.Spec;
  return { vg, warnings };
}

/** Renders through vega's headless SVG renderer; throws on any runtime error. */
export async function renderToSvg(vg: vega.Spec): Promise<string> {
  const errors: string[] = [];
  const logger = {
    level: (..._: unknown[]) => logger,
    error: (...a: unknown[]) => {
      errors.push(a.map(String).join(' '));
      return logger;
    },
    warn: (...a: unknown[]) => {
      const text = a.map(String).join(' ');
      // Headless views have no window to listen on; browsers do (the browser test covers them).
      if (!/event source: window/.test(text)) errors.push(text);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`vega reported: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Schema-valid, compiles without warnings, renders: returns the SVG. */
export async function checkSpec(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  const errs = schemaErrors(spec);
  if (errs) throw new Error(`schema: ${errs}`);
  const { vg, warnings } = compileSpec(spec);
  const svg = await renderToSvg(vg);
  return { svg, warnings };
}
