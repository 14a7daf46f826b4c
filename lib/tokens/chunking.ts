// Safe places to cut a long text so that encoding the pieces one by one gives the
// same ids as encoding it whole. Two kinds, both between pre-tokenizer pieces of every
// regex pre-tokenized byte-level BPE (GPT-2/SmolLM2, Llama 3, Qwen, o200k, cl100k):
//   - "letter| letter": a word never takes the space after it, and " word" starts anew;
//   - "non-space\n|letter": a lone line break after a non-space character. (After
//     several spaces or line breaks the GPT-2 pattern `\s+(?!\S)` groups whitespace
//     differently at the end of a piece, so those are not cut.)
// BPE merges never cross pieces. tests/tokens/chunking.test.ts proves it on real pages.

const LETTER = /\p{L}/u;
const isLetter = (ch: string | undefined) => ch !== undefined && LETTER.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);

/** Cuts text into pieces of about `targetSize` characters at safe boundaries (a piece may be longer when none is near). */
export function splitAtSafeBoundaries(text: string, targetSize: number): string[] {
  if (targetSize < 1) throw new RangeError('targetSize must be positive');
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > targetSize) {
    const cut = nextSafeCut(text, start + targetSize);
    if (cut < 0) break;
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** The first index ≥ from (and > 0) where a safe cut can go; -1 when none. */
export function nextSafeCut(text: string, from: number): number {
  for (let i = Math.max(2, from); i < text.length - 1; i++) {
    const ch = text[i];
    if (ch === ' ') {
      if (isLetter(text[i - 1]) && isLetter(text[i + 1])) return i;
    } else if (text[i - 1] === '\n' && !isSpace(text[i - 2]) && isLetter(ch)) {
      return i;
    }
  }
  return -1;
}
