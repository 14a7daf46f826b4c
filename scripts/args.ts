import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SHARED_PAGES_DIR } from './fixture-pages';

/**
 * Command-line options of the scripts, parsed one way (node:util parseArgs, strict: an
 * unknown option is an error) with one spelling for the options they share.
 */

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `--no-build`: use the extension already built in .output instead of building it first. */
export const NO_BUILD = { 'no-build': { type: 'boolean', default: false } } as const satisfies ParseArgsOptionsConfig;

/** `--pages <dir>`: Mozilla Readability's saved pages (default: all 130 in ../shared/fixtures). */
export const PAGES = { pages: { type: 'string', default: SHARED_PAGES_DIR } } as const satisfies ParseArgsOptionsConfig;

/** Parses `process.argv` for a script; on a wrong option prints the message and `usage`, and exits 2. */
export function scriptArgs<O extends ParseArgsOptionsConfig>(options: O, usage: string, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: ${usage}`);
    process.exit(2);
  }
}
