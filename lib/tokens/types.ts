/** A tokenizer as every part of Gleaner sees it (chunking, budgets, the token counter). */
export interface Tokenizer {
  /** Stable name, e.g. 'llama-3', 'gpt-4o', or a model id. */
  readonly name: string;
  /** Token ids of the text alone: no BOS, no chat template. */
  encode(text: string): number[];
  /** Text of the given ids. */
  decode(ids: number[]): string;
  /** Number of tokens of the text alone (may be faster than encode().length). */
  count(text: string): number;
}
