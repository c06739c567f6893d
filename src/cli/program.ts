import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { HfSeparateError, InputError, ConfigError, AbortError } from '../core/errors.js';
import { createSeparator, STRATEGY_NAMES, type StrategyOptions } from '../separation/strategies.js';
import { VERSION } from '../version.js';
import { ProgressBar, type BarStream } from './progress.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIO {
  stdout: BarStream;
  stderr: BarStream;
  /** Aborts the running command (Ctrl-C in the real CLI). */
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

/** Exit codes: 0 success, 1 internal error, 2 bad input or usage. */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;

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

/**
 * Builds the `hf-separate` command-line program. `runCli` runs it and turns errors into exit codes.
 */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('hf-separate')
    .description('Separate data into meaningful groups: embed, reduce, cluster, explain, and chart the result.')
    .version(VERSION, '-v, --version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ hf-separate separate --strategy numerical examples/data/penguins.csv --out out
  $ hf-separate separate --strategy numerical data.csv --columns a,b,c --id-column id --clusters 3 --seed 7 --out out
  $ hf-separate separate --help`,
    );

  program
    .command('separate')
    .description('Separate the rows of a data file into groups and write the results to a folder.')
    .argument('<input>', 'data file: .csv, .tsv, .json, .ndjson, .arrow or .parquet')
    .addOption(new Option('-s, --strategy <name>', 'separation strategy').choices([...STRATEGY_NAMES]).default('numerical'))
    .option('-c, --columns <list>', 'feature columns, comma-separated (default: inferred)', parseList)
    .option('-t, --text-column <name>', 'text column to embed (repeatable)', parseList)
    .option('--id-column <name>', 'column that names rows (default: inferred, else the row number)')
    .option('-k, --clusters <auto|k>', "number of clusters, or 'auto'", parseClusters, 'auto' as const)
    .option('--seed <n>', 'seed for every random step', parseSeed, 42)
    .option('-o, --out <dir>', 'output folder', 'hf-separate-out')
    .option('-q, --quiet', 'no progress bar or summary')
    .option('--json', 'print a machine-readable summary on stdout')
    .addHelpText(
      'after',
      `
Writes into --out:
  assignments.csv   the input's row id, cluster (-1 = outlier), probability, outlier_score, x, y
  report.json       clusters, metrics, automatic choices with reasons, config, versions, timings
  report.md         the same for people
  charts/*.vl.json  Vega-Lite specs

Examples:
  $ hf-separate separate --strategy numerical examples/data/penguins.csv --columns bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g --out out
  $ hf-separate separate data.parquet --clusters 5 --json --quiet`,
    )
    .action(async (input: string, opts: SeparateFlags) => {
      const strategyOptions: StrategyOptions = {
        ...(opts.columns ? { columns: opts.columns } : {}),
        ...(opts.textColumn ? { textColumns: opts.textColumn } : {}),
        ...(opts.idColumn ? { idColumn: opts.idColumn } : {}),
        clusters: opts.clusters,
      };
      const separator = createSeparator(opts.strategy, strategyOptions);
      const bar = new ProgressBar(io.stderr, { enabled: !opts.quiet && Boolean(io.stderr.isTTY) });
      const result = await separator.separate(input, {
        seed: opts.seed,
        onProgress: bar.update,
        ...(io.signal ? { signal: io.signal } : {}),
      });
      bar.done();
      const written = await result.save(opts.out);
      const report = result.report();
      if (opts.json) {
        io.stdout.write(`${JSON.stringify({ out: opts.out, files: written, summary: report.summary, metrics: report.metrics, clusters: report.clusters.map((c) => ({ cluster: c.cluster, size: c.size, label: c.label })) })}\n`);
      } else if (!opts.quiet) {
        io.stdout.write(
          `${report.summary.rows} rows → ${report.summary.clusters} clusters (${report.summary.outliers} outliers, ${report.summary.skipped} skipped). Results in ${opts.out}/\n`,
        );
        for (const c of report.clusters) io.stdout.write(`  ${String(c.cluster).padStart(3)}  ${String(c.size).padStart(6)}  ${c.label}\n`);
      }
      setExit(EXIT.ok);
    });
  return program;
}

interface SeparateFlags {
  strategy: (typeof STRATEGY_NAMES)[number];
  columns?: string[];
  textColumn?: string[];
  idColumn?: string;
  clusters: 'auto' | number;
  seed: number;
  out: string;
  quiet?: boolean;
  json?: boolean;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code:
 * 0 success, 1 internal error, 2 bad input or usage. Errors are printed with their fix.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof AbortError) {
      io.stderr.write('\nStopped. Nothing was written.\n');
      return 130;
    }
    if (error instanceof InputError || error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof HfSeparateError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.internal;
    }
    io.stderr.write(`internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}
