import type { CatalogModel } from '../engine/catalog';

/** How a count fits one model's context window. */
export interface ContextFit {
  modelId: string;
  label: string;
  contextWindow: number;
  /** Share of the window the text uses (may exceed 1). */
  fraction: number;
  fits: boolean;
  /** Tokens left for the model's answer (0 when it does not fit). */
  leftForAnswer: number;
}

/** How `tokens` fits each model's context window, in catalog order. */
export function contextFits(tokens: number, models: readonly CatalogModel[]): ContextFit[] {
  return models.map((model) => ({
    modelId: model.id,
    label: model.label,
    contextWindow: model.contextWindow,
    fraction: tokens / model.contextWindow,
    fits: tokens <= model.contextWindow,
    leftForAnswer: Math.max(0, model.contextWindow - tokens),
  }));
}
