import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SETTINGS_KEY, loadSettings, updateSettings } from '@/lib/settings';
import type { EngineConfig } from '@/lib/messaging/protocol';

/** The engine section of the settings, live (follows changes made elsewhere), and a saver. */
export function useEngineSettings(): [EngineConfig | null, (patch: Partial<EngineConfig>) => Promise<void>] {
  const [config, setConfig] = useState<EngineConfig | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () => void loadSettings(browser.storage.local).then((s) => alive && setConfig(s.engine));
    refresh();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SETTINGS_KEY in changes) refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  const save = async (patch: Partial<EngineConfig>) => {
    const next = await updateSettings(browser.storage.local, { engine: patch });
    setConfig(next.engine);
  };
  return [config, save];
}
