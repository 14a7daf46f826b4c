import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_KEY, loadCaptureSettings, loadSettings, migrateSettings, updateSettings, type LockManagerLike, type SettingsArea } from '@/lib/settings';
import { decideCapture } from '@/lib/capture/policy';
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

describe('capture settings fail closed (issue 11 item 10)', () => {
  beforeEach(() => fakeBrowser.reset());
  const url = 'https://news.example.com/story';
  const decide = async (area: SettingsArea) => decideCapture(url, undefined, { incognito: false }, await loadCaptureSettings(area).catch(() => null));

  it('a fresh install (nothing stored) captures with the defaults', async () => {
    await expect(loadCaptureSettings(fakeBrowser.storage.local)).resolves.toEqual(DEFAULT_SETTINGS.capture);
    expect(await decide(fakeBrowser.storage.local)).toEqual({ capture: true });
  });

  it('storage that cannot be read captures nothing', async () => {
    const broken: SettingsArea = { get: async () => Promise.reject(new Error('IO error: .../Local Extension Settings/LOCK')), set: async () => undefined };
    await expect(loadCaptureSettings(broken)).rejects.toThrow('could not be read');
    expect(await decide(broken)).toMatchObject({ capture: false, reason: 'settings' });
  });

  it.each([
    ['settings that are not an object', 'garbage'],
    ['a capture section that is not an object', { version: 1, capture: 'paused' }],
    ['a pause that is not true or false', { version: 1, capture: { paused: 'yes' } }],
    ['an exclusion list that is not a list', { version: 1, capture: { excludedSites: 'example.com' } }],
    ['a sensitive list with a non-string', { version: 1, capture: { sensitiveSites: [42] } }],
    ['a dwell that is not a number', { version: 1, capture: { dwellMs: null } }],
  ])('damaged settings (%s) capture nothing', async (_what, stored) => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
    expect(await decide(fakeBrowser.storage.local)).toMatchObject({ capture: false, reason: 'settings' });
  });

  it('a stored pause still pauses', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { version: 1, capture: { paused: true } } });
    expect(await decide(fakeBrowser.storage.local)).toMatchObject({ capture: false, reason: 'paused' });
  });
});

/**
 * A test double of the browser's Web Locks (`navigator.locks`, which Node 20
 * lacks): exclusive locks by name, granted in request order — what every
 * extension context of one origin shares in the browser.
 */
function exclusiveLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(callback, callback);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

describe('settings writes from several contexts (issue 11 item 10)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    fakeBrowser.reset();
  });

  /** One extension context: its own copy of the settings module, over the shared storage area. */
  const context = async () => {
    vi.resetModules();
    return import('@/lib/settings');
  };

  it('lose no update when two contexts change the settings at once', async () => {
    vi.stubGlobal('navigator', { locks: exclusiveLocks() });
    const [popup, worker] = [await context(), await context()];
    expect(popup.updateSettings).not.toBe(worker.updateSettings);
    const area = fakeBrowser.storage.local;
    const sites = Array.from({ length: 20 }, (_, i) => `site${i}.example`);
    await Promise.all([
      // The worker adds excluded sites one by one (a read-modify-write each) ...
      ...sites.map((site) => worker.updateSettings(area, (current) => ({ capture: { excludedSites: [...current.capture.excludedSites, site] } }))),
      // ... while the popup pauses capture and the side panel's settings change the token options.
      popup.updateSettings(area, { capture: { paused: true } }),
      popup.updateSettings(area, { tokens: { chatTemplate: true } }),
    ]);
    const saved = await loadSettings(area);
    expect([...saved.capture.excludedSites].sort()).toEqual([...sites].sort());
    expect(saved.capture.paused).toBe(true);
    expect(saved.tokens.chatTemplate).toBe(true);
  });

  it('lose no update within one context without Web Locks (Node)', async () => {
    const settings = await context();
    const area = fakeBrowser.storage.local;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => settings.updateSettings(area, (current) => ({ capture: { excludedSites: [...current.capture.excludedSites, `s${i}.example`] } }))),
    );
    expect((await loadSettings(area)).capture.excludedSites).toHaveLength(10);
  });
});
