// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_KEY, loadSettings, updateSettings } from '@/lib/settings';
import { useSetting, type Setting } from '@/components/use-setting';

// The hook over WXT's in-memory browser (Node has no storage.local): real settings code, real storage events.
let latest: Setting<'capture'> | null = null;
function Probe() {
  latest = useSetting('capture');
  return <p>{latest.value ? `dwell ${latest.value.dwellMs}` : 'loading'}</p>;
}

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  latest = null;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

const shows = (text: string) => vi.waitFor(() => expect(root.textContent).toBe(text), { timeout: 10_000 });

describe('useSetting(section)', () => {
  it('reads the stored section, then follows a change made by another context', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, capture: { ...DEFAULT_SETTINGS.capture, dwellMs: 3000 } } });
    await act(() => render(<Probe />, root));
    await shows('dwell 3000');
    // The popup or the background writes the settings: the view follows without reloading.
    await act(() => updateSettings(fakeBrowser.storage.local, { capture: { dwellMs: 7000 } }).then(() => undefined));
    await shows('dwell 7000');
  });

  it('saves a change to its section only, keeping the others', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, tokens: { chatTemplate: true, referenceTokenizers: ['gpt-4o'] } } });
    await act(() => render(<Probe />, root));
    await shows(`dwell ${DEFAULT_SETTINGS.capture.dwellMs}`);
    await act(() => latest!.save({ minWords: 10 }));
    const stored = await loadSettings(fakeBrowser.storage.local);
    expect(stored.capture.minWords).toBe(10);
    expect(stored.tokens).toEqual({ chatTemplate: true, referenceTokenizers: ['gpt-4o'] });
    expect(latest!.value?.minWords).toBe(10);
  });

  it('says in words when the settings cannot be read', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage is gone'));
    await act(() => render(<Probe />, root));
    await vi.waitFor(() => expect(latest!.loadError).toBe('Could not read the settings: storage is gone'), { timeout: 10_000 });
    expect(root.textContent).toBe('loading');
  });
});
