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
  /**
   * Id of a special (control) token such as `<|eot_id|>`, or undefined when the
   * vocabulary has none by that name. Chat templates are built from these.
   */
  specialTokenId?(token: string): number | undefined;
  /** Whether an id is a special (control) token, shown differently by the visualizer. */
  isSpecial?(id: number): boolean;
  /**
   * True when encoding the text in pieces cut by `splitAtSafeBoundaries` gives the
   * same ids as encoding it whole (regex pre-tokenized byte-level BPE). Counting
   * of long texts then runs in chunks with progress; otherwise in one piece.
   */
  readonly chunkSafe?: boolean;
}
