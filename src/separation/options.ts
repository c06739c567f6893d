import { z } from 'zod';

/** Column kinds a user may declare (same names as inference uses). */
export const ColumnKindSchema = z.enum(['numeric', 'categorical', 'text', 'datetime', 'latitude', 'longitude', 'id', 'boolean']);

/**
 * Options every separation strategy understands (the CLI flags map onto these). Each strategy's own
 * schema extends this one. Every field has a `.describe()` text: it becomes the comment in
 * `hf-separate init` templates and the description in the published JSON Schema.
 */
export const CommonOptionsSchema = z.object({
  columns: z.array(z.string().min(1)).min(1).optional().describe('Feature columns (numeric or categorical); inferred when omitted.'),
  textColumns: z.array(z.string().min(1)).min(1).optional().describe('Text columns to embed; inferred when omitted.'),
  idColumn: z.string().min(1).optional().describe('Column that names rows; inferred when omitted (else the row number).'),
  kinds: z
    .record(z.string(), ColumnKindSchema)
    .optional()
    .describe('Override inferred column kinds, e.g. { zip: categorical }. Kinds: numeric, categorical, text, datetime, latitude, longitude, id, boolean.'),
  clusters: z
    .union([z.literal('auto'), z.number().int().min(1)])
    .default('auto')
    .describe("'auto' (chosen by measurement, every candidate's score kept in the report) or a fixed number of clusters."),
  missing: z
    .enum(['impute', 'skip', 'error'])
    .default('impute')
    .describe("Missing values: 'impute' (median / own category), 'skip' (rows kept in the output, marked skipped), 'error'."),
});
/** Input form of {@link CommonOptionsSchema}. */
export type CommonOptions = z.input<typeof CommonOptionsSchema>;
