import { readFile } from 'node:fs/promises';
import { loadTokenizer, TOKENIZER_NAMES } from '../lib/tokens/registry';
import { nodeTokenizerFiles } from '../lib/tokens/node-files';
import { messageParts } from '../lib/tokens/chat-template';
import { countTokens, encodeParts } from '../lib/tokens/counting';

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
  const args: Partial<Args> = { ids: false, template: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--tokenizer' || arg === '-t') args.tokenizer = argv[++i];
    else if (arg.startsWith('--tokenizer=')) args.tokenizer = arg.slice('--tokenizer='.length);
    else if (arg === '--ids') args.ids = true;
    else if (arg === '--template') args.template = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else if (args.file === undefined) args.file = arg;
    else throw new UsageError(`Only one file can be counted (got ${args.file} and ${arg}).`);
  }
  if (!args.tokenizer) throw new UsageError('Missing --tokenizer.');
  return args as Args;
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
