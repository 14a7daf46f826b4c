import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import { modelInUseTarget, type WindowFit } from '@/lib/tokens/context-fit';
import { fitsWithEstimate } from '@/lib/tokens/first-estimate';
import { viewEngine } from '@/components/chat/use-engine';
import type { CountRow } from './use-token-counts';

/**
 * The window of the model in use as the engine reports it, for the backends whose
 * window only the running engine knows (a server, Chrome's built-in model).
 */
function useReportedWindow(settings: Settings | null): number | null {
  const [window, setWindow] = useState<number | null>(null);
  const backend = settings?.engine.backend;
  useEffect(() => {
    if (backend !== 'openai' && backend !== 'builtin') return;
    let live = true;
    viewEngine()
      .getEngineInfo()
      .then(
        (status) => live && setWindow(status.loaded ? status.contextWindow : null),
        () => {},
      );
    return () => {
      live = false;
    };
  }, [backend]);
  return window;
}

/**
 * The fit bars: the model in use (its real window) and distinct reference windows, each
 * counted with the window's own tokenizer when it was counted, otherwise marked ≈; before
 * any tokenizer has counted, with `estimate`, marked as an estimate.
 */
export function useWindowFits(settings: Settings | null, tokenizers: readonly string[], rows: Record<string, CountRow>, estimate: number | null): WindowFit[] {
  const reportedWindow = useReportedWindow(settings);
  return useMemo(() => {
    const counts = new Map(tokenizers.flatMap((spec) => (rows[spec]?.count ? [[spec, rows[spec].count.tokens] as const] : [])));
    const engine = settings?.engine;
    const inUse = engine
      ? modelInUseTarget({
          backend: engine.backend,
          modelId: engine.backend === 'cpu' ? engine.cpuModelId : engine.backend === 'openai' ? engine.serverModel : engine.webllmModelId,
          // The window the person set for their server wins; otherwise what the loaded engine uses.
          contextWindow: engine.backend === 'openai' && engine.serverContextWindow > 0 ? engine.serverContextWindow : reportedWindow,
        })
      : null;
    return fitsWithEstimate(counts, tokenizers, inUse, estimate);
  }, [rows, tokenizers, settings, reportedWindow, estimate]);
}
