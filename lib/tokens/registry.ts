import type { TokenizerFamily } from '../engine/catalog';
import type { Tokenizer } from './types';
import { tokenizerFromJson } from './tokenizer-json';
import { tiktokenTokenizer } from './tiktoken';

/** Tokenizers known by name: OpenAI's encodings and open families whose tokenizer.json ships with Gleaner. */
export const TOKENIZER_NAMES = ['llama-3', 'qwen2.5', 'qwen3', 'gpt-4o', 'gpt-4', 'smollm2'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

/**
 * The files behind the named tokenizers: tokenizer.json of the open families (Qwen2.5
 * and Qwen3 share one), tiktoken's encoder files and its wasm for the OpenAI ones.
 */
export type TokenizerFile = 'llama-3' | 'qwen' | 'smollm2' | 'o200k' | 'cl100k' | 'tiktoken-wasm';

/**
 * Reads tokenizer.json bytes: a named file, or any path (Node) / URL (extension).
 * Node and the extension each pass their own (`lib/tokens/node-files.ts`,
 * `lib/tokens/extension-files.ts`), so the loading code is the same in both.
 */
export interface TokenizerFiles {
  named(file: TokenizerFile): Promise<ArrayBuffer | Uint8Array>;
  at(pathOrUrl: string): Promise<ArrayBuffer | Uint8Array>;
}

// Chat-format tokens of OpenAI's encodings, as gpt-tokenizer's encodeChat numbers them
// (tiktoken's encoder files list only <|endoftext|> and <|endofprompt|>).
const OPENAI_CHAT_SPECIALS = {
  o200k: { '<|im_start|>': 200003, '<|im_end|>': 200004, '<|im_sep|>': 200005 },
  cl100k: { '<|im_start|>': 100264, '<|im_end|>': 100265, '<|im_sep|>': 100266 },
};

// Qwen3's tokenizer.json adds <tool_response>, <think> … (151665–151668) to Qwen2.5's
// vocabulary; without them it is Qwen2.5's exactly.
const QWEN25_LAST_ADDED_TOKEN = 151664;

/** Whether a name is one of the named tokenizers (otherwise it is a path or URL). */
function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZER_NAMES as readonly string[]).includes(name);
}

/** Which named tokenizer counts for a catalog tokenizer family (null: only the model's own file). */
export function tokenizerNameForFamily(family: TokenizerFamily): TokenizerName | null {
  switch (family) {
    case 'llama-3':
    case 'qwen2.5':
    case 'qwen3':
    case 'smollm2':
      return family;
    default:
      return null;
  }
}

/** A display label for a named tokenizer. */
export function tokenizerLabel(name: string): string {
  const labels: Record<TokenizerName, string> = {
    'llama-3': 'Llama 3',
    'qwen2.5': 'Qwen2.5',
    qwen3: 'Qwen3',
    'gpt-4o': 'GPT-4o (o200k)',
    'gpt-4': 'GPT-4 (cl100k)',
    smollm2: 'SmolLM2',
  };
  return isTokenizerName(name) ? labels[name] : name;
}

/**
 * Loads a tokenizer by name (`llama-3`, `qwen2.5`, `qwen3`, `gpt-4o`, `gpt-4`, `smollm2`)
 * or from a tokenizer.json path/URL. Ids are of the text alone: no BOS, no template.
 */
export async function loadTokenizer(spec: string, files: TokenizerFiles): Promise<Tokenizer> {
  switch (spec) {
    case 'gpt-4o':
      return tiktokenTokenizer(spec, await files.named('o200k'), () => files.named('tiktoken-wasm'), OPENAI_CHAT_SPECIALS.o200k);
    case 'gpt-4':
      return tiktokenTokenizer(spec, await files.named('cl100k'), () => files.named('tiktoken-wasm'), OPENAI_CHAT_SPECIALS.cl100k);
    case 'llama-3':
      return tokenizerFromJson(spec, await files.named('llama-3'));
    case 'qwen2.5':
      return tokenizerFromJson(spec, await files.named('qwen'), { maxAddedTokenId: QWEN25_LAST_ADDED_TOKEN });
    case 'qwen3':
      return tokenizerFromJson(spec, await files.named('qwen'));
    case 'smollm2':
      return tokenizerFromJson(spec, await files.named('smollm2'));
    default: {
      if (!/tokenizer[^/]*\.json$|\.json$/i.test(spec)) {
        throw new Error(`Unknown tokenizer "${spec}": use one of ${TOKENIZER_NAMES.join(', ')}, or a tokenizer.json path.`);
      }
      return tokenizerFromJson(spec, await files.at(spec));
    }
  }
}

/** Memoizes `loadTokenizer` per name, so each tokenizer file is parsed once per context. */
export function createTokenizerCache(files: TokenizerFiles): (spec: string) => Promise<Tokenizer> {
  const loaded = new Map<string, Promise<Tokenizer>>();
  return (spec) => {
    let tokenizer = loaded.get(spec);
    if (!tokenizer) {
      tokenizer = loadTokenizer(spec, files);
      // A failed load (missing file, bad JSON) is not remembered: the next call retries.
      tokenizer.catch(() => loaded.delete(spec));
      loaded.set(spec, tokenizer);
    }
    return tokenizer;
  };
}
