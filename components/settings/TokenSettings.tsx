import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import { useSetting } from '../use-setting';
import { tokenizerLabel } from '@/lib/tokens/registry';

/** Reference tokenizers the extension ships (SmolLM2's comes with its model). */
const OFFERED = ['llama-3', 'qwen2.5', 'qwen3', 'gpt-4o', 'gpt-4'] as const;

/** Settings of the token feature (a section of the Settings view). */
export function TokenSettings() {
  const { value: tokens, save: saveTokens } = useSetting('tokens');
  const [error, setError] = useState<string | null>(null);
  if (!tokens) return null;

  const save = async (patch: Partial<Settings['tokens']>) => {
    try {
      await saveTokens(patch);
      setError(null);
    } catch (e) {
      setError(`Could not save: ${(e as Error).message}`);
    }
  };
  const toggle = (name: string, on: boolean) => {
    const chosen = new Set(tokens.referenceTokenizers);
    if (on) chosen.add(name);
    else chosen.delete(name);
    void save({ referenceTokenizers: OFFERED.filter((n) => chosen.has(n)) });
  };

  return (
    <fieldset class="settings-section">
      <legend>Token counter</legend>
      <label>
        <input type="checkbox" checked={tokens.chatTemplate} onChange={(e) => void save({ chatTemplate: e.currentTarget.checked })} /> Count as a chat message by default (adds the
        model's chat template tokens, as the model sees it)
      </label>
      <p class="muted">Your model's own tokenizer is always shown. Also count with:</p>
      {OFFERED.map((name) => (
        <label key={name} style={{ display: 'block' }}>
          <input type="checkbox" checked={tokens.referenceTokenizers.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} /> {tokenizerLabel(name)}
        </label>
      ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
