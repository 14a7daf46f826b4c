import { useEffect, useState } from 'preact/hooks';
import { createEngineClient, type ViewEngineClient } from '@/lib/engine/client';
import type { EngineStatus } from '@/lib/messaging/protocol';
import type { EngineClient, LoadProgress } from '@/lib/engine/types';
import type { Tokenizer } from '@/lib/tokens/types';

/** An engine ready to answer, with the tokenizer and context window its budgets use. */
export interface ReadyEngine {
  engine: EngineClient;
  tokenizer: Tokenizer;
  contextWindow: number;
  label: string;
}

let shared: ViewEngineClient | null = null;
/** One engine client per view (popup or side panel). */
export function viewEngine(): ViewEngineClient {
  shared ??= createEngineClient();
  return shared;
}

/** The tokenizer the budgets use (lib/tokens/model-tokenizer.ts: the model's own, else its family's, else a reference with a margin). */
async function modelBudgetTokenizer(modelId: string): Promise<Tokenizer> {
  // Loaded on first use: tokenizer data and wasm stay out of the popup's and panel's first paint.
  const [{ loadViewTokenizer }, { budgetTokenizer, loadModelTokenizer }] = await Promise.all([import('./tokenizer-loader'), import('@/lib/tokens/model-tokenizer')]);
  const own = (id: string) => loadModelTokenizer(id, { caches, fetch: (input, init) => fetch(input, init) });
  return (await budgetTokenizer(modelId, { own, load: loadViewTokenizer })).tokenizer;
}

/** Loads the configured model (reporting progress) and resolves its tokenizer. */
export async function prepareEngine(onProgress?: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<ReadyEngine> {
  const engine = viewEngine();
  const info = await engine.load(undefined, { onProgress, signal });
  const tokenizer = await modelBudgetTokenizer(info.modelId);
  const status = await engine.getEngineInfo().catch(() => null);
  return { engine, tokenizer, contextWindow: info.contextWindow, label: status?.label ?? info.modelId };
}

/** The engine's status and load progress, kept current from the host's broadcasts. */
export function useEngineStatus(): { status: EngineStatus | null; progress: LoadProgress | null } {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  useEffect(() => {
    const engine = viewEngine();
    const offStatus = engine.onStatus(setStatus);
    const offProgress = engine.onProgress((event) => setProgress(event.progress));
    // The first read can fail while the engine host is starting or restarting: ask again, backing
    // off, until it answers (or a status event arrives), rather than staying "not connected" for good.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (retryMs: number) =>
      engine.getEngineInfo().then(setStatus, () => {
        setStatus(null);
        timer = setTimeout(() => ask(Math.min(retryMs * 2, 10_000)), retryMs);
      });
    void ask(500);
    return () => {
      clearTimeout(timer);
      offStatus();
      offProgress();
    };
  }, []);
  return { status, progress };
}
