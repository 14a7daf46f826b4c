import { encode as encodeO200k, decode as decodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as encodeCl100k, decode as decodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import type { Tokenizer } from './types';

// Reference tokenizers that need no download. gpt-tokenizer is an exact port of tiktoken.
// TODO(2026-11-23): the tokens issue adds llama-3 and qwen2.5 here.

function fromFunctions(name: string, encode: (text: string) => number[], decode: (ids: number[]) => string): Tokenizer {
  return {
    name,
    encode: (text) => encode(text),
    decode: (ids) => decode(ids),
    count: (text) => encode(text).length,
  };
}

/** GPT-4o's o200k_base encoding. */
export const gpt4o: Tokenizer = fromFunctions('gpt-4o', (t) => encodeO200k(t, { disallowedSpecial: new Set() }), decodeO200k);
/** GPT-4's cl100k_base encoding. */
export const gpt4: Tokenizer = fromFunctions('gpt-4', (t) => encodeCl100k(t, { disallowedSpecial: new Set() }), decodeCl100k);
