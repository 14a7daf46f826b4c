/**
 * Prints the extraction of saved pages as JSON, with the same lib/extract code
 * the extension runs in pages (here on a jsdom document).
 *
 *   npm run extract -- <file.html> --url <url>
 *       one JSON object: {title, byline, siteName, lang, publishedTime, text}
 *   npm run extract -- --batch <list.jsonl>
 *       list lines are {"file": …, "url": …}; prints one JSON line per input, in
 *       order, with `file` added; a page that fails gets a line with `error`
 *       and the batch goes on. Relative paths are read from the current
 *       directory, else from the list's directory.
 *
 * Exit status: 0 when the output was written (a batch always finishes), 1 for
 * a single page that could not be read, 2 for bad arguments.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractPage } from '../lib/extract/extract-page';
import { parseHtml } from './html-document';
import { parseArgs as parseCommandLine } from 'node:util';

interface Output {
  title: string;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  publishedTime: string | null;
  text: string;
}

const USAGE = 'usage: npm run extract -- <file.html> --url <url>   |   npm run extract -- --batch <list.jsonl>';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { file?: string; url?: string; batch?: string } {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { url: { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (parsed.positionals.length > 1) fail(`Unexpected argument ${parsed.positionals[1]}.\n${USAGE}`, 2);
  return { file: parsed.positionals[0], url: parsed.values.url, batch: parsed.values.batch };
}

/** Reads and extracts one saved page. */
async function extractFile(file: string, url: string | undefined): Promise<Output> {
  const html = await readFile(file);
  if (html.includes(0) && html.indexOf(0) < 4096) {
    throw new Error(`${file} is not an HTML page (it contains binary data).`);
  }
  const pageUrl = url ?? pathToFileURL(path.resolve(file)).href;
  try {
    new URL(pageUrl);
  } catch {
    throw new Error(`"${pageUrl}" is not a URL.`);
  }
  const page = extractPage(parseHtml(html.toString('utf8'), pageUrl), pageUrl);
  return {
    title: page.title,
    byline: page.byline ?? null,
    siteName: page.siteName ?? null,
    lang: page.lang ?? null,
    publishedTime: page.publishedTime ?? null,
    text: page.text,
  };
}

function writeLine(value: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${JSON.stringify(value)}\n`)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function runBatch(list: string): Promise<void> {
  const content = await readFile(list, 'utf8').catch((error: Error) => fail(`Cannot read ${list}: ${error.message}`, 1));
  const lines = content.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (!raw.trim()) continue;
    let entry: { file?: unknown; url?: unknown };
    try {
      entry = JSON.parse(raw);
    } catch {
      await writeLine({ file: null, line: index + 1, error: `line ${index + 1} is not JSON` });
      continue;
    }
    const file = typeof entry?.file === 'string' ? entry.file : null;
    if (!file) {
      await writeLine({ file, line: index + 1, error: `line ${index + 1} has no "file"` });
      continue;
    }
    const resolved = path.isAbsolute(file) || existsSync(file) ? file : path.join(path.dirname(list), file);
    try {
      const url = typeof entry.url === 'string' ? entry.url : undefined;
      await writeLine({ file, ...(await extractFile(resolved, url)) });
    } catch (error) {
      await writeLine({ file, error: (error as Error).message });
    }
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.batch) {
  if (args.file) fail(`Give either a file or --batch, not both.\n${USAGE}`, 2);
  await runBatch(args.batch);
} else if (args.file) {
  try {
    await writeLine(await extractFile(args.file, args.url));
  } catch (error) {
    fail(`Cannot extract ${args.file}: ${(error as Error).message}`, 1);
  }
} else fail(USAGE, 2);
