import { useEffect, useState } from 'preact/hooks';
import type { TokenizerCount } from '@/lib/tokens/count-service';
import type { CounterClient } from '@/lib/tokens/worker-client';

/** Tokens drawn in the visualization; the count always covers the whole text. */
const MAX_SHOWN_TOKENS = 2000;

/** The state of one tokenizer's count. */
export interface CountRow {
  count?: TokenizerCount;
  progress?: number;
  error?: string;
}

/**
 * Counts `text` with each tokenizer whenever the text, the tokenizers or the template
 * option change (after `delayMs`, so typing is not counted per key). Results arrive
 * one by one, the quickest first (the worker orders them).
 */
export function useTokenCounts(
  counter: CounterClient,
  input: { text: string; tokenizers: readonly string[]; template: boolean; ready: boolean; delayMs: number },
  onStopped: (message: string) => void,
): { rows: Record<string, CountRow>; busy: boolean } {
  const [rows, setRows] = useState<Record<string, CountRow>>({});
  const [busy, setBusy] = useState(false);
  const { text, tokenizers, template, ready, delayMs } = input;

  useEffect(() => {
    if (!ready) return;
    if (!text) {
      setRows({});
      setBusy(false);
      return;
    }
    let cancel: (() => void) | undefined;
    const start = () => {
      setBusy(true);
      setRows(Object.fromEntries(tokenizers.map((spec) => [spec, { progress: 0 }])));
      cancel = counter.count(text, [...tokenizers], template, MAX_SHOWN_TOKENS, {
        onProgress: (spec, done, total) => setRows((r) => ({ ...r, [spec]: { ...r[spec], progress: done / total } })),
        onResult: (count) => setRows((r) => ({ ...r, [count.tokenizer]: { count } })),
        onError: (spec, message) => {
          if (spec) setRows((r) => ({ ...r, [spec]: { error: message } }));
          else onStopped(message);
        },
        onDone: () => setBusy(false),
      });
    };
    const timer = setTimeout(start, delayMs);
    return () => {
      clearTimeout(timer);
      cancel?.();
    };
    // onStopped is a notice setter: a new one each render must not restart the count.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [counter, text, tokenizers, template, ready, delayMs]);

  return { rows, busy };
}
