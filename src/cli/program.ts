import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AbortError, ConfigError, HfSeparateError, InputError } from '../core/errors.js';
import { configTemplate } from '../config/template.js';
import { parseConfigText, resolveRunConfig, runConfigJsonSchema, splitRunConfig } from '../config/run-config.js';
import { chooseStrategy, createSeparator, isStrategyName, STRATEGIES, STRATEGY_NAMES } from '../separation/strategies.js';
import { loadData } from '../data/dataset.js';
import { VERSION } from '../version.js';
import { ProgressBar, type BarStream } from './progress.js';
import { explainCommand, modelsCommand, predictCommand } from './commands.js';
import { writeOutputFolder, type AssignmentsFormat } from './output.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIO {
  stdout: BarStream;
  stderr: BarStream;
  /** Aborts the running command (Ctrl-C in the real CLI). */
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

/** Exit codes: 0 success, 1 internal error, 2 bad input or usage, 130 interrupted. */
export const EXIT = { ok: 0, internal: 1, usage: 2, interrupted: 130 } as const;

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('the seed must be a whole number.');
  return n;
}

function parseClusters(value: string): 'auto' | number {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("use 'auto' or a whole number of clusters (1 or more).");
  return n;
}

function parseList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function colour(io: CliIO, stream: BarStream, code: string, text: string): string {
  const env = io.env ?? {};
  return stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb' ? `\u001b[${code}m${text}\u001b[0m` : text;
}

interface SeparateFlags {
  strategy?: string;
  columns?: string[];
  textColumn?: string[];
  idColumn?: string;
  model?: string;
  clusters?: 'auto' | number;
  reduce?: string;
  cluster?: string;
  seed?: number;
  config?: string;
  out?: string;
  format?: AssignmentsFormat;
  dashboard?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/**
 * Builds the `hf-separate` command-line program. {@link runCli} runs it and turns errors into exit
 * codes.
 */
export function buildProgram(io: CliIO): Command {
  const program = new Command('hf-separate')
    .description('Separate data into meaningful groups: embed, reduce, cluster, explain, and chart the result.')
    .version(VERSION, '-v, --version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(colour(io, io.stderr, '31', s)),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ hf-separate separate --strategy numerical examples/data/penguins.csv --columns bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g --out out
  $ hf-separate --separate examples/data/wordnet_glosses_sample.csv --strategy semantic --text-column text
  $ hf-separate init --strategy numerical > run.yaml && hf-separate validate run.yaml
  $ hf-separate predict out new-rows.csv
  $ hf-separate explain out --row 17`,
    );

  program
    .command('separate')
    .description('Separate the rows of a data file into groups and write the results to a folder.')
    .argument('<input>', 'data file: .csv, .tsv, .json, .ndjson, .arrow or .parquet')
    .addOption(new Option('-s, --strategy <name>', `separation strategy: ${STRATEGY_NAMES.join(', ')} (default: chosen from the data, semantic when it has text)`))
    .option('-t, --text-column <name>', 'text column to embed (repeatable or comma-separated)', parseList)
    .option('-c, --columns <list>', 'feature columns, comma-separated (default: inferred)', parseList)
    .option('--id-column <name>', 'column that names rows (default: inferred, else the row number)')
    .option('-m, --model <id>', "embedding model: a Hugging Face id, a local folder, or 'auto'")
    .option('-k, --clusters <auto|k>', "number of clusters, or 'auto' (default)", parseClusters)
    .option('--reduce <method>', "reducer: 'auto', 'none', 'pca', 'umap' or 'tsne'")
    .option('--cluster <method>', "clusterer: 'auto', 'kmeans', 'gmm', 'hdbscan', 'dbscan', 'optics', 'agglomerative'")
    .option('--seed <n>', 'seed for every random step (default 42)', parseSeed)
    .option('--config <file>', 'YAML or JSON run config (flags win over it)')
    .option('-o, --out <dir>', 'output folder (default hf-separate-out)')
    .addOption(new Option('-f, --format <format>', 'assignments file format (default csv)').choices(['csv', 'json', 'parquet']))
    .option('--no-dashboard', 'do not write dashboard.html')
    .option('-q, --quiet', 'no progress bar or summary')
    .option('--json', 'print a machine-readable summary on stdout')
    .addHelpText(
      'after',
      `
Writes into --out:
  assignments.csv   the input's row id, cluster (-1 = outlier), probability, outlier_score, x, y, skipped
  report.json       clusters (sizes, labels, keywords, exemplars, features), metrics, automatic choices
                    with reasons, config, package and model versions, timings
  report.md         the same for people
  charts/*.vl.json  Vega-Lite specs
  dashboard.html    every chart in one self-contained page (works offline)
  model.json, model.f32  the fitted model, for 'hf-separate predict' and 'hf-separate explain'

Settings come from flags > HF_SEPARATE_* environment variables > --config file > defaults.

Examples:
  $ hf-separate separate --strategy numerical examples/data/penguins.csv --columns bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g --out out
  $ hf-separate separate --strategy semantic examples/data/wordnet_glosses_sample.csv --text-column text --out topics
  $ hf-separate separate data.parquet --clusters 5 --format parquet --json --quiet`,
    )
    .action(async (input: string, flags: SeparateFlags) => {
      const file = flags.config ? parseConfigText(await readConfig(flags.config), flags.config) : {};
      const flagValues: Record<string, unknown> = {
        strategy: flags.strategy,
        columns: flags.columns,
        textColumns: flags.textColumn,
        idColumn: flags.idColumn,
        model: flags.model,
        clusters: flags.clusters,
        reduce: flags.reduce,
        cluster: flags.cluster,
        seed: flags.seed,
        output: { dir: flags.out, format: flags.format, ...(flags.dashboard === false ? { dashboard: false } : {}) },
      };
      // No strategy named anywhere: look at the data and pick one (and say so).
      let chosen: { strategy: string; reason: string } | undefined;
      if (flags.strategy === undefined && file.strategy === undefined && io.env?.HF_SEPARATE_STRATEGY === undefined) {
        chosen = chooseStrategy(await loadData(input), { ...(flags.columns ? { columns: flags.columns } : {}), ...(flags.textColumn ? { textColumns: flags.textColumn } : {}) });
        flagValues.strategy = chosen.strategy;
        if (!flags.quiet && !flags.json) io.stderr.write(`strategy: ${chosen.strategy} (${chosen.reason})\n`);
      }
      const { config, ignoredEnv } = resolveRunConfig({ file, env: io.env ?? {}, flags: flagValues, ...(flags.config ? { fileName: flags.config } : {}) });
      for (const name of ignoredEnv) io.stderr.write(colour(io, io.stderr, '33', `warning: ${name} is not a known setting and was ignored.\n`));
      const run = splitRunConfig(config);
      const separator = createSeparator(run.strategy, run.options);
      const bar = new ProgressBar(io.stderr, { enabled: !flags.quiet && Boolean(io.stderr.isTTY) });
      let result;
      try {
        result = await separator.separate(input, { seed: run.seed, onProgress: bar.update, ...(io.signal ? { signal: io.signal } : {}) });
      } finally {
        bar.done();
      }
      if (chosen) result.choices.unshift({ stage: 'load', option: 'strategy', value: chosen.strategy, reason: chosen.reason });
      const written = await writeOutputFolder(result, run.output.dir, {
        format: run.output.format,
        dashboard: run.output.dashboard,
        run: { ...config, input },
        title: `hf-separate: ${input}`,
      });
      const report = result.report();
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({
            out: run.output.dir,
            files: written,
            summary: report.summary,
            metrics: report.metrics,
            clusters: report.clusters.map((c) => ({ cluster: c.cluster, size: c.size, label: c.label })),
            choices: report.choices.map((c) => ({ stage: c.stage, option: c.option, value: c.value })),
          })}\n`,
        );
      } else if (!flags.quiet) {
        io.stdout.write(
          `${report.summary.rows} rows → ${colour(io, io.stdout, '1', `${report.summary.clusters} clusters`)} (${report.summary.outliers} outliers, ${report.summary.skipped} skipped). Results in ${run.output.dir}/\n`,
        );
        for (const c of report.clusters) io.stdout.write(`  ${String(c.cluster).padStart(3)}  ${String(c.size).padStart(6)}  ${c.label}\n`);
      }
    });

  program
    .command('init')
    .description('Write a commented config template for a strategy.')
    .addOption(new Option('-s, --strategy <name>', 'strategy').choices([...STRATEGY_NAMES]).default('numerical'))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExamples:\n  $ hf-separate init --strategy numerical --out run.yaml\n  $ hf-separate init > run.yaml')
    .action(async (flags: { strategy: string; out?: string; force?: boolean }) => {
      if (!isStrategyName(flags.strategy)) throw new ConfigError(`Unknown strategy "${flags.strategy}".`, { code: 'UNKNOWN_STRATEGY', field: 'strategy' });
      const text = configTemplate(flags.strategy);
      if (!flags.out) {
        io.stdout.write(text);
        return;
      }
      if (existsSync(flags.out) && !flags.force) {
        throw new InputError(`${flags.out} already exists.`, { code: 'FILE_EXISTS', field: flags.out, fix: 'Pass --force to overwrite it, or choose another --out.' });
      }
      await writeFile(flags.out, text);
      io.stdout.write(`Wrote ${flags.out} (strategy ${flags.strategy}). Check it with: hf-separate validate ${flags.out}\n`);
    });

  program
    .command('validate')
    .description('Check a YAML or JSON run config (with HF_SEPARATE_* overrides applied) and print the resolved settings.')
    .argument('<config>', 'config file')
    .option('--json', 'print the resolved config as JSON')
    .addHelpText('after', '\nExamples:\n  $ hf-separate validate run.yaml\n  $ HF_SEPARATE_CLUSTERS=4 hf-separate validate run.yaml --json')
    .action(async (path: string, flags: { json?: boolean }) => {
      const file = parseConfigText(await readConfig(path), path);
      const { config, ignoredEnv } = resolveRunConfig({ file, env: io.env ?? {}, fileName: path });
      for (const name of ignoredEnv) io.stderr.write(`warning: ${name} is not a known setting and was ignored.\n`);
      if (flags.json) io.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      else io.stdout.write(`${path} is valid: strategy ${config.strategy}, seed ${config.seed}, output ${config.output.dir} (${config.output.format}).\n`);
    });

  program
    .command('schema')
    .description('Print the JSON Schema of run configs (for editor completion).')
    .action(() => {
      io.stdout.write(`${JSON.stringify(runConfigJsonSchema(), null, 2)}\n`);
    });

  program
    .command('strategies')
    .description('List the separation strategies.')
    .action(() => {
      for (const name of STRATEGY_NAMES) io.stdout.write(`${name.padEnd(12)} ${STRATEGIES[name].description}\n`);
    });

  program
    .command('models')
    .description('List embedding model presets, which are cached locally, and what works offline.')
    .option('--cache-dir <dir>', 'model cache folder to inspect (default: TRANSFORMERS_CACHE or transformers.js default)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ hf-separate models\n  $ hf-separate models --cache-dir ~/.cache/hf --json')
    .action(async (flags: { cacheDir?: string; json?: boolean }) => {
      await modelsCommand(io, flags);
    });

  program
    .command('explain')
    .description('Explain why a row sits in its cluster, from a folder written by separate.')
    .argument('<out-dir>', 'output folder of a previous separate run')
    .requiredOption('-r, --row <id>', "the row's id (as in assignments.csv)")
    .option('--data <file>', 'the input data, when it has moved since the run')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ hf-separate explain out --row 17\n  $ hf-separate explain out --row n01316422 --json')
    .action(async (dir: string, flags: { row: string; data?: string; json?: boolean }) => {
      await explainCommand(io, dir, flags);
    });

  program
    .command('predict')
    .description('Assign the rows of a new file to the clusters of a saved run.')
    .argument('<out-dir>', 'output folder of a previous separate run (holds model.json and model.f32)')
    .argument('<new-file>', 'new rows with the same columns')
    .option('-o, --out <file>', 'where to write the predictions (default <out-dir>/predictions.csv)')
    .option('-q, --quiet', 'no summary')
    .option('--json', 'print a machine-readable summary')
    .addHelpText('after', '\nExamples:\n  $ hf-separate predict out new-customers.csv\n  $ hf-separate predict out new.csv --out new-assignments.csv --json')
    .action(async (dir: string, input: string, flags: { out?: string; quiet?: boolean; json?: boolean }) => {
      await predictCommand(io, dir, input, flags);
    });

  return program;
}

async function readConfig(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new InputError(`Config file not found: "${path}".`, { code: 'FILE_NOT_FOUND', field: path, fix: 'Check the path, or create one with `hf-separate init --out run.yaml`.', cause });
  }
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code:
 * 0 success, 1 internal error, 2 bad input or usage, 130 interrupted. Errors are printed with their fix.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  // `hf-separate --separate data.csv ...` is the one-line form of `hf-separate separate data.csv ...`.
  const sep = argv.indexOf('--separate');
  const args = sep >= 0 ? ['separate', ...argv.slice(0, sep), ...argv.slice(sep + 1)] : argv;
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof AbortError) {
      io.stderr.write('\nStopped. Embeddings computed so far stay in the cache; no results were written.\n');
      return EXIT.interrupted;
    }
    if (error instanceof InputError || error instanceof ConfigError) {
      io.stderr.write(`${colour(io, io.stderr, '31', 'error:')} ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof HfSeparateError) {
      io.stderr.write(`${colour(io, io.stderr, '31', 'error:')} ${error.message}\n`);
      return EXIT.internal;
    }
    io.stderr.write(`internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}
