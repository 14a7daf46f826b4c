import type { Tokenizer } from './types';

// GPT-4o (o200k_base) and GPT-4 (cl100k_base), exact: OpenAI's tiktoken Rust core
// compiled to wasm (npm `tiktoken`). JavaScript ports (gpt-tokenizer, js-tiktoken) use
// JavaScript's `\s`, which — unlike Rust's regex — matches U+FEFF, so they split text
// containing it differently (real pages have it; npm run bench:tokens shows the gap).
// The wasm and the rank files are loaded as files (bundled under tokenizers/ in the
// extension), so the code that needs no tokenizer never parses them.

interface TiktokenInstance {
  encode_ordinary(text: string): Uint32Array;
  decode(tokens: Uint32Array): Uint8Array;
}
interface TiktokenModule {
  init(callback: (imports: WebAssembly.Imports) => Promise<WebAssembly.WebAssemblyInstantiatedSource>): Promise<unknown>;
  Tiktoken: new (ranks: string, specialTokens: Record<string, number>, pattern: string) => TiktokenInstance;
}

let ready: Promise<TiktokenModule> | undefined;

function loadTiktoken(wasm: () => Promise<ArrayBuffer | Uint8Array>): Promise<TiktokenModule> {
  ready ??= (async () => {
    const mod = (await import('tiktoken/lite/init')) as unknown as TiktokenModule;
    const bytes = await wasm();
    await mod.init((imports) => WebAssembly.instantiate(bytes as BufferSource, imports));
    return mod;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

/** A tiktoken encoder file (`tiktoken/encoders/*.json`). */
interface EncoderFile {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
  pat_str: string;
}

/**
 * An exact OpenAI tokenizer from tiktoken's wasm and an encoder file. `chatSpecials`
 * are the chat-format tokens (<|im_start|> …) the templates use, which the encoder
 * files do not list.
 */
export async function tiktokenTokenizer(
  name: string,
  encoderBytes: ArrayBuffer | Uint8Array,
  wasm: () => Promise<ArrayBuffer | Uint8Array>,
  chatSpecials: Record<string, number>,
): Promise<Tokenizer> {
  const encoder = JSON.parse(new TextDecoder().decode(encoderBytes)) as EncoderFile;
  const { Tiktoken } = await loadTiktoken(wasm);
  const tiktoken = new Tiktoken(encoder.bpe_ranks, encoder.special_tokens, encoder.pat_str);
  const specials: Record<string, number> = { ...chatSpecials, ...encoder.special_tokens };
  const specialIds = new Set(Object.values(specials));
  // ignoreBOM: a token that is U+FEFF must decode to U+FEFF, not to nothing.
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  return {
    name,
    // Text that looks like a special token is plain text, as the APIs treat user content.
    encode: (text) => Array.from(tiktoken.encode_ordinary(text)),
    decode: (ids) => {
      const special = ids.length === 1 ? Object.keys(specials).find((token) => specials[token] === ids[0]) : undefined;
      return special ?? utf8.decode(tiktoken.decode(Uint32Array.from(ids)));
    },
    count: (text) => tiktoken.encode_ordinary(text).length,
    specialTokenId: (token) => specials[token],
    isSpecial: (id) => specialIds.has(id),
    chunkSafe: true,
  };
}
