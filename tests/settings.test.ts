import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_KEY, loadSettings, migrateSettings, updateSettings } from '@/lib/settings';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('settings', () => {
  it('start from defaults on a new install', async () => {
    await expect(loadSettings(fakeBrowser.storage.local)).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('fill keys that an older version did not have', () => {
    const migrated = migrateSettings({ version: 0, capture: { paused: true } });
    expect(migrated.version).toBe(DEFAULT_SETTINGS.version);
    expect(migrated.capture).toEqual({ ...DEFAULT_SETTINGS.capture, paused: true });
  });

  it('save a patch and keep the rest of the section', async () => {
    await updateSettings(fakeBrowser.storage.local, { capture: { paused: true } });
    const stored = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    expect(stored).toMatchObject({ capture: { paused: true, dwellMs: DEFAULT_SETTINGS.capture.dwellMs } });
  });
});
