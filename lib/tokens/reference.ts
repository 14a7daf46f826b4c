import { encode as encodeO200k, decode as decodeO200k, countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as encodeCl100k, decode as decodeCl100k, countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import type { Tokenizer } from './types';

// OpenAI's encodings as synchronous, pure-JS tokenizers (gpt-tokenizer), for code that
// cannot wait for wasm (rough budgets). The token counter and `loadTokenizer('gpt-4o')`
// use lib/tokens/tiktoken.ts instead: OpenAI's Rust core, exact also on text with
// U+FEFF, which JavaScript's `\s` makes this port split differently.
// Text that looks like a special token ("<|endoftext|>") is encoded as plain text,
// as the APIs do for user content; templates add real special ids on purpose.

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

function fromGptTokenizer(
  name: string,
  encode: (text: string, options?: { allowedSpecial?: Set<string>; disallowedSpecial?: Set<string> }) => number[],
  decode: (ids: number[]) => string,
  count: (text: string, options?: { disallowedSpecial?: Set<string> }) => number,
  specials: Record<string, number>,
): Tokenizer {
  const specialIds = new Set(Object.values(specials));
  return {
    name,
    encode: (text) => encode(text, NO_SPECIAL),
    decode: (ids) => decode(ids),
    count: (text) => count(text, NO_SPECIAL),
    specialTokenId: (token) => specials[token],
    isSpecial: (id) => specialIds.has(id),
    chunkSafe: true,
  };
}

/** GPT-4o's o200k_base encoding. */
export const gpt4o: Tokenizer = fromGptTokenizer('gpt-4o', encodeO200k, decodeO200k, countO200k, {
  '<|endoftext|>': 199999,
  '<|fim_prefix|>': 200000,
  '<|fim_middle|>': 200001,
  '<|fim_suffix|>': 200002,
  '<|im_start|>': 200003,
  '<|im_end|>': 200004,
  '<|im_sep|>': 200005,
  '<|endofprompt|>': 200006,
});

/** GPT-4's cl100k_base encoding. */
export const gpt4: Tokenizer = fromGptTokenizer('gpt-4', encodeCl100k, decodeCl100k, countCl100k, {
  '<|endoftext|>': 100257,
  '<|fim_prefix|>': 100258,
  '<|fim_middle|>': 100259,
  '<|fim_suffix|>': 100260,
  '<|im_start|>': 100264,
  '<|im_end|>': 100265,
  '<|im_sep|>': 100266,
  '<|endofprompt|>': 100276,
});
