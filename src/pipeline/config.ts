import { z } from 'zod';

const Options = z.record(z.string(), z.unknown());

/** Column roles and cleaning, the `preprocess` stage. */
export const PreprocessConfigSchema = z
  .object({
    /** Text columns to embed (inferred `text` columns when omitted). */
    textColumns: z.array(z.string()).optional(),
    /** Numeric columns to use as features (inferred `numeric` columns when omitted). */
    numericColumns: z.array(z.string()).optional(),
    /** Categorical columns to one-hot encode (inferred `categorical` columns with few levels when omitted). */
    categoricalColumns: z.array(z.string()).optional(),
    /** Column that names rows (inferred `id` column when omitted). */
    idColumn: z.string().optional(),
    /** Override inferred column kinds. */
    kinds: z.record(z.string(), z.enum(['numeric', 'categorical', 'text', 'datetime', 'latitude', 'longitude', 'id', 'boolean'])).optional(),
    scaling: z.enum(['standard', 'robust', 'minmax', 'none']).default('standard'),
    missing: z.enum(['impute', 'skip', 'error']).default('impute'),
    /** Unicode NFKC normalisation and whitespace clean-up of text. */
    cleanText: z.boolean().default(true),
    /** Relative weight of the text block against the tabular block when both are present. */
    textWeight: z.number().positive().default(1),
    /** Relative weight of the tabular block (numeric + categorical). */
    tabularWeight: z.number().positive().default(1),
    /** Value of a one-hot column where the category is present (default 1/√2 as in buildFeatures). */
    categoricalWeight: z.number().min(0).optional(),
  })
  .strict();
/** Input form of {@link PreprocessConfigSchema}. */
export type PreprocessConfig = z.input<typeof PreprocessConfigSchema>;

/** A named stage with its options. */
export const StageConfigSchema = z.object({ method: z.string().min(1), options: Options.default({}) }).strict();
/** Input form of {@link StageConfigSchema}. */
export type StageConfig = z.input<typeof StageConfigSchema>;

/** Which charts to build, the `visualize` stage. */
export const VisualizeConfigSchema = z
  .object({
    /** Charts to build (default: the dashboard plus every chart the data supports). */
    charts: z.array(z.enum(['dashboard', 'scatter', 'boundaries', 'sizes', 'keywords', 'silhouette', 'features', 'similarity', 'network'])).optional(),
    /** Largest number of points drawn in a scatter; larger data is sampled per cluster (and says so). */
    maxPoints: z.number().int().positive().default(5000),
    theme: z.enum(['light', 'dark']).default('light'),
  })
  .strict();
/** Input form of {@link VisualizeConfigSchema}. */
export type VisualizeConfig = z.input<typeof VisualizeConfigSchema>;

/**
 * The whole pipeline as JSON: what `pipeline().toConfig()` returns and `pipelineFromConfig()` takes.
 * The same schema validates YAML/JSON config files.
 */
export const PipelineConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    seed: z.number().int().optional(),
    preprocess: PreprocessConfigSchema.optional(),
    embed: z.object({ model: z.string().min(1), options: Options.default({}) }).strict().optional(),
    reduce: StageConfigSchema.optional(),
    cluster: StageConfigSchema.optional(),
    explain: StageConfigSchema.optional(),
    visualize: VisualizeConfigSchema.optional(),
  })
  .strict();
/** Input form of {@link PipelineConfigSchema}. */
export type PipelineConfig = z.input<typeof PipelineConfigSchema>;
/** Parsed form of {@link PipelineConfigSchema} (defaults filled in). */
export type ResolvedPipelineConfig = z.output<typeof PipelineConfigSchema>;
