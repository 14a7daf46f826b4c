import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadSettings, updateSettings } from '@/lib/settings';

const BUDGETS_MB = [256, 512, 1024, 2048, 4096];

/** Settings of the library feature (a section of the Settings view): the storage budget. */
export function LibrarySettings() {
  const [budget, setBudget] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    loadSettings(browser.storage.local).then((s) => setBudget(s.library.budgetMB), () => setBudget(null));
  }, []);
  const change = async (mb: number) => {
    setBudget(mb);
    try {
      await updateSettings(browser.storage.local, { library: { budgetMB: mb } });
      setSaved('Saved. When the library grows past this, the pages read longest ago are removed first.');
    } catch (e) {
      setSaved(`Could not save: ${(e as Error).message}`);
    }
  };
  return (
    <fieldset class="settings-section">
      <legend>Library</legend>
      <label>
        Storage budget{' '}
        <select value={String(budget ?? '')} disabled={budget === null} onChange={(e) => change(Number((e.currentTarget as HTMLSelectElement).value))}>
          {[...new Set([...BUDGETS_MB, ...(budget ? [budget] : [])])].sort((a, b) => a - b).map((mb) => (
            <option value={String(mb)} key={mb}>
              {mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`}
            </option>
          ))}
        </select>
      </label>
      {saved && (
        <p class="muted" role="status">
          {saved}
        </p>
      )}
    </fieldset>
  );
}
