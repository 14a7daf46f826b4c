import type { Tokenizer } from '@/lib/tokens/types';
import { gpt4, gpt4o } from '@/lib/tokens/reference';

// TODO(2026-11-23): the tokens feature's loadTokenizer (exact Llama 3 / Qwen tokenizers) once it lands.
/** Loads a tokenizer by name in a view. */
export async function loadViewTokenizer(name: string): Promise<Tokenizer> {
  if (name === 'gpt-4o') return gpt4o;
  if (name === 'gpt-4') return gpt4;
  throw new Error(`Tokenizer ${name} is not available.`);
}
