import pkg from '../package.json';

/** The hf-separate version (from package.json). */
export const VERSION: string = pkg.version;

/** Versions of the libraries a result depends on, recorded in every report. */
export const DEPENDENCY_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  ...pkg.dependencies,
});
