/**
 * Token budgets. Everything is counted with the model's own tokenizer; the
 * chat template adds a few special tokens per message that the tokenizer of
 * the bare text does not see, so a fixed allowance per message covers them
 * (Llama 3 uses 4–5 per message, Qwen/ChatML 4–5, Phi-3 3, Gemma 5).
 */
import type { ChatMessage } from '@/lib/engine/types';
import type { Tokenizer } from '@/lib/tokens/types';

/** Special tokens a chat template adds around each message (generous upper bound). */
export const TEMPLATE_TOKENS_PER_MESSAGE = 8;
/** Tokens added once per prompt (BOS, the assistant header that primes the reply). */
const TEMPLATE_TOKENS_PER_PROMPT = 16;

/** How long answers may be, in tokens reserved out of the context window. */
export const ANSWER_LENGTH_TOKENS = { short: 256, medium: 512, long: 1024 } as const;

/** Tokens the given messages take once the chat template wraps them. */
export function countMessageTokens(tokenizer: Tokenizer, messages: readonly ChatMessage[]): number {
  let total = TEMPLATE_TOKENS_PER_PROMPT;
  for (const message of messages) total += tokenizer.count(message.content) + TEMPLATE_TOKENS_PER_MESSAGE;
  return total;
}

/** The prompt budget: the context window minus the room kept for the reply. */
export function promptBudget(contextWindow: number, replyTokens: number): number {
  const budget = contextWindow - replyTokens;
  if (budget < 256) {
    throw new RangeError(`A context window of ${contextWindow} tokens leaves no room for a prompt after ${replyTokens} reply tokens.`);
  }
  return budget;
}

/**
 * The longest prefix of `text` (cut at a word boundary when one is near) that
 * takes at most `maxTokens` tokens. Binary search over characters: the count
 * of a prefix grows monotonically with its length for BPE tokenizers.
 */
export function fitPrefix(tokenizer: Tokenizer, text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  if (tokenizer.count(text) <= maxTokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (tokenizer.count(text.slice(0, mid)) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  let prefix = text.slice(0, low);
  const space = prefix.search(/\s\S*$/);
  if (space > low * 0.8) prefix = prefix.slice(0, space);
  // BPE counts are monotonic in practice but not in theory: verify, never trust.
  while (prefix && tokenizer.count(prefix) > maxTokens) prefix = prefix.slice(0, -1);
  return prefix;
}
