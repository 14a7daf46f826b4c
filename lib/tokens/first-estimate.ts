import { estimateTokens } from './token-counter';
import { windowFits, type WindowFit, type WindowTarget } from './context-fit';

// A new side panel must build each tokenizer before its first exact count (Llama 3 takes
// 3–5 s in the wasm tokenizers library, GPT-4o about 1.3 s). The cl100k estimate
// (token-counter.ts, no tokenizer data, about 5% off: `npm run eval:estimate`) is shown at
// once instead, always said to be an estimate, and each card's estimate is replaced by its
// exact count as its tokenizer arrives.

/** The basis of fit bars drawn from the estimate (no tokenizer has counted yet). */
const ESTIMATE_BASIS = 'estimate';

/**
 * Characters estimated in full; a longer text is estimated from its start, scaled by its
 * length. The estimate runs in the view's own thread (before any worker is up), about
 * 0.5 µs a character: a 10 MB selection estimated whole would freeze the panel for seconds.
 */
const SAMPLE_CHARS = 50_000;

/** The estimate shown while the tokenizers load, or null when there is nothing to count. */
export function firstEstimate(text: string): number | null {
  if (!text) return null;
  if (text.length <= SAMPLE_CHARS) return estimateTokens(text);
  return Math.round((estimateTokens(text.slice(0, SAMPLE_CHARS)) * text.length) / SAMPLE_CHARS);
}

/** How an estimate reads on a card: in words, so it is never taken for the exact count. */
export function estimateLabel(tokens: number): string {
  return `≈ ${tokens.toLocaleString()} (estimate, exact count loading…)`;
}

/** What a tokenizer's card shows: its exact count, else the estimate, else nothing yet. */
type CardFigure = { kind: 'exact'; tokens: number } | { kind: 'estimate'; tokens: number; label: string } | { kind: 'none' };

export function cardFigure(exact: number | undefined, estimate: number | null): CardFigure {
  if (exact !== undefined) return { kind: 'exact', tokens: exact };
  if (estimate !== null) return { kind: 'estimate', tokens: estimate, label: estimateLabel(estimate) };
  return { kind: 'none' };
}

/**
 * The fit bars: from the exact counts once any tokenizer has counted (windowFits), until
 * then from the estimate, each bar marked as estimated (basisKind 'estimate').
 */
export function fitsWithEstimate(counts: ReadonlyMap<string, number>, order: readonly string[], inUse: WindowTarget | null, estimate: number | null): WindowFit[] {
  const exact = windowFits(counts, order, inUse);
  if (exact.length || estimate === null) return exact;
  return windowFits(new Map([[ESTIMATE_BASIS, estimate]]), [ESTIMATE_BASIS], inUse).map((fit) => ({ ...fit, basisKind: 'estimate' }));
}
