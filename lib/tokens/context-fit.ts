import { findCatalogModel } from '../engine/catalog';
import { findCpuModel } from '../engine/cpu-catalog';
import { tokenizerNameForFamily } from './registry';

// Which context windows the Tokens view draws a bar for, and with which count. Every
// model of the catalog has the same 4,096-token window, so one bar per catalog model
// repeated one number nine times: the view shows the model in use (its real window) and
// a few distinct reference windows instead, each once.

/** A context window to measure a text against. */
export interface WindowTarget {
  id: string;
  label: string;
  /** Tokens; null when not known (a server that has not said yet). */
  contextWindow: number | null;
  /** Tokenizer specs that count exactly for this window's model, best first (none: a window size, not a model). */
  tokenizers: readonly string[];
  /** Where the window comes from, in plain words, when it needs saying. */
  note?: string;
}

/** Reference windows, smallest first: sizes people meet, and two well-known hosted models. */
export const REFERENCE_WINDOWS: readonly WindowTarget[] = [
  { id: 'window-4k', label: '4k window (every model in Models)', contextWindow: 4096, tokenizers: [] },
  { id: 'window-8k', label: '8k window (Llama 3 8B, Gemma 2)', contextWindow: 8192, tokenizers: [] },
  { id: 'window-32k', label: '32k window (Qwen2.5 7B)', contextWindow: 32_768, tokenizers: [] },
  { id: 'gpt-4o', label: 'GPT-4o', contextWindow: 128_000, tokenizers: ['gpt-4o'] },
  { id: 'window-200k', label: '200k window (Claude)', contextWindow: 200_000, tokenizers: [] },
];

/** What the model in use is, as far as the Tokens view needs it. */
export interface ModelInUse {
  backend: 'webllm' | 'cpu' | 'builtin' | 'openai' | 'test';
  /** WebLLM or CPU model id, or the server's model name. */
  modelId: string;
  /** A window the person configured (a server's), or the engine reported once loaded. */
  contextWindow?: number | null;
}

/** The window target of the model in use (null when no model is chosen). */
export function modelInUseTarget(model: ModelInUse): WindowTarget | null {
  const reported = model.contextWindow && model.contextWindow > 0 ? model.contextWindow : null;
  if (model.backend === 'webllm') {
    if (!model.modelId) return null;
    const known = findCatalogModel(model.modelId);
    const family = known ? tokenizerNameForFamily(known.tokenizer) : null;
    return {
      id: 'in-use',
      label: `${known?.label ?? model.modelId} (your model)`,
      contextWindow: reported ?? known?.contextWindow ?? null,
      tokenizers: [`model:${model.modelId}`, ...(family ? [family] : [])],
      ...(known || reported ? {} : { note: 'its window is known once it is loaded' }),
    };
  }
  if (model.backend === 'cpu') {
    if (!model.modelId) return null;
    const known = findCpuModel(model.modelId);
    const family = known?.tokenizer ? tokenizerNameForFamily(known.tokenizer) : null;
    return {
      id: 'in-use',
      label: `${known?.label ?? 'Your CPU model'} (your model)`,
      contextWindow: reported ?? known?.contextWindow ?? null,
      tokenizers: family ? [family] : [],
      ...(known || reported ? {} : { note: 'its window is known once it is loaded' }),
    };
  }
  if (model.backend === 'openai') {
    return {
      id: 'in-use',
      label: `${model.modelId || 'Your server’s model'} (your server)`,
      contextWindow: reported,
      tokenizers: [],
      ...(reported ? {} : { note: 'set your server’s window in Models (or load its model once)' }),
    };
  }
  if (model.backend === 'builtin') {
    return {
      id: 'in-use',
      label: 'Chrome’s built-in model (your model)',
      contextWindow: reported,
      tokenizers: [],
      ...(reported ? {} : { note: 'its window is known once it is loaded' }),
    };
  }
  return null;
}

/** How a count fits one window. */
export interface WindowFit {
  id: string;
  label: string;
  contextWindow: number | null;
  note?: string;
  inUse: boolean;
  tokens: number;
  /** Share of the window the text uses (may exceed 1; 0 when the window is unknown). */
  fraction: number;
  fits: boolean;
  /** Tokens left for the model's answer (0 when it does not fit). */
  leftForAnswer: number;
  /** The tokenizer whose count is used. */
  basis: string;
  /**
   * own: the window's model's own tokenizer; approx: another model's (≈); size: a window size, counted with the basis;
   * estimate: no tokenizer has counted yet, the cl100k estimate (lib/tokens/first-estimate.ts).
   */
  basisKind: 'own' | 'approx' | 'size' | 'estimate';
}

/**
 * One fit per window: the model in use first, then the reference windows whose size
 * differs from every window already listed. `counts` holds the tokenizers counted so
 * far (spec → tokens); `order` is the order of the view's tokenizers, the first counted
 * one the fallback basis. Empty until something is counted.
 */
export function windowFits(counts: ReadonlyMap<string, number>, order: readonly string[], inUse: WindowTarget | null, references = REFERENCE_WINDOWS): WindowFit[] {
  const counted = order.filter((spec) => counts.has(spec));
  if (!counted.length) return [];
  const ownSpec = (target: WindowTarget) => target.tokenizers.find((spec) => counts.has(spec));
  // Windows without a model of their own are counted as the model in use sees the text when it can.
  const fallback = (inUse && ownSpec(inUse)) ?? counted[0]!;
  const targets: WindowTarget[] = inUse ? [inUse] : [];
  for (const reference of references) {
    if (!targets.some((target) => target.contextWindow === reference.contextWindow)) targets.push(reference);
  }
  return targets.map((target) => {
    const own = ownSpec(target);
    const basis = own ?? fallback;
    const tokens = counts.get(basis)!;
    const window = target.contextWindow;
    return {
      id: target.id,
      label: target.label,
      contextWindow: window,
      ...(target.note ? { note: target.note } : {}),
      inUse: target === inUse,
      tokens,
      fraction: window ? tokens / window : 0,
      fits: window ? tokens <= window : false,
      leftForAnswer: window ? Math.max(0, window - tokens) : 0,
      basis,
      basisKind: own ? 'own' : target.tokenizers.length || target === inUse ? 'approx' : 'size',
    };
  });
}
