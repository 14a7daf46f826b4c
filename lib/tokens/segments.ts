import type { Tokenizer } from './types';

/** One token of the visualization. */
export interface TokenSegment {
  id: number;
  /** The text the token stands for; '' when it holds only part of a character (the character shows on the token that completes it). */
  text: string;
  special: boolean;
  /** True when this token carries bytes of a character that is completed by a later token. */
  partial: boolean;
}

const REPLACEMENT = '\uFFFD';

/**
 * Splits ids into per-token texts by incremental decoding (as streaming
 * detokenizers do), so a character split over several byte tokens is shown once.
 */
export function segmentTokens(tokenizer: Tokenizer, ids: readonly number[]): TokenSegment[] {
  const segments: TokenSegment[] = [];
  let windowStart = 0;
  let windowText = '';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const special = tokenizer.isSpecial?.(id) ?? false;
    const decoded = tokenizer.decode(ids.slice(windowStart, i + 1));
    const incomplete = decoded.endsWith(REPLACEMENT) && i + 1 < ids.length && !special;
    if (incomplete) {
      segments.push({ id, text: '', special, partial: true });
      continue;
    }
    segments.push({ id, text: decoded.slice(windowText.length), special, partial: false });
    // Restart the window so decoding stays O(tokens) rather than O(tokens²).
    windowStart = i + 1;
    windowText = '';
  }
  return segments;
}
