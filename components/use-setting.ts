import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadSettings, migrateSettings, updateSettings, type Settings, type SettingsPatch } from '@/lib/settings';
import { settingsItem } from '@/lib/messaging/stored';

/** A section of the settings: what `useSetting` reads and saves. */
type Section = Exclude<keyof Settings, 'version'>;

/** What `useSetting(section)` gives a view. */
export interface Setting<S extends Section> {
  /** The section, null until storage answers (or when it could not be read: see `loadError`). */
  value: Settings[S] | null;
  /** Why the settings could not be read, in words; null when they were. */
  loadError: string | null;
  /** Saves a change to the section (under the settings lock; `value` becomes the section as saved); throws when it could not be saved. */
  save(patch: Partial<Settings[S]>): Promise<void>;
}

/**
 * One section of the settings, live: read once when the view mounts, then following
 * every change made anywhere (another view, the popup, the background), so two
 * views never show different settings.
 */
export function useSetting<S extends Section>(section: S): Setting<S> {
  const [value, setValue] = useState<Settings[S] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    loadSettings(browser.storage.local).then(
      (settings) => alive && setValue(settings[section]),
      (error: Error) => alive && setLoadError(`Could not read the settings: ${error.message}`),
    );
    const unwatch = settingsItem.watch((stored) => {
      setValue(migrateSettings(stored)[section]);
      setLoadError(null);
    });
    return () => {
      alive = false;
      unwatch();
    };
  }, [section]);
  const save = async (patch: Partial<Settings[S]>) => {
    setValue((await updateSettings(browser.storage.local, { [section]: patch } as SettingsPatch))[section]);
  };
  return { value, loadError, save };
}
