import { readFile } from 'node:fs/promises';
import { loadTokenizer, TOKENIZER_NAMES } from '../lib/tokens/registry';
import { nodeTokenizerFiles } from '../lib/tokens/node-files';
import { messageParts } from '../lib/tokens/chat-template';
import { countTokens, encodeParts } from '../lib/tokens/counting';
import { parseArgs as parseCommandLine } from 'node:util';

// npm run tokens -- --tokenizer <name|tokenizer.json> [--ids] [--template] [<file>]
// Prints the token count of the file (or standard input) with the same lib/tokens code
// the extension runs; with --ids, the ids as a JSON array on a second line.

const USAGE = `Usage: npm run tokens -- --tokenizer <${TOKENIZER_NAMES.join('|')}|path/to/tokenizer.json> [--ids] [--template] [<file>]
Counts the tokens of the file (or standard input): the text alone, or with --template
as one user message in the tokenizer's chat template.`;

interface Args {
  tokenizer: string;
  ids: boolean;
  template: boolean;
  file?: string;
}

function parseArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        tokenizer: { type: 'string', short: 't' },
        ids: { type: 'boolean', default: false },
        template: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length > 1) throw new UsageError(`Only one file can be counted (got ${positionals.join(' and ')}).`);
  if (!values.tokenizer) throw new UsageError('Missing --tokenizer.');
  return { tokenizer: values.tokenizer, ids: values.ids, template: values.template, file: positionals[0] };
}

class UsageError extends Error {
  override name = 'UsageError';
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined) return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const [tokenizer, text] = await Promise.all([loadTokenizer(args.tokenizer, nodeTokenizerFiles), readInput(args.file)]);
  const parts = messageParts(tokenizer, text, args.template);
  if (args.ids) {
    const ids = encodeParts(tokenizer, parts);
    process.stdout.write(`${ids.length}\n${JSON.stringify(ids)}\n`);
  } else {
    const { tokens } = await countTokens(tokenizer, parts, { yieldBetweenChunks: async () => {} });
    process.stdout.write(`${tokens}\n`);
  }
}

main().catch((error: Error) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`tokens: ${error.message}\n`);
  process.exit(1);
});
