import { useState } from 'preact/hooks';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { normalizeSite } from '@/lib/capture/policy';
import { sendToBackground } from '@/lib/messaging/client';
import type { Protocol } from '@/lib/messaging/protocol';
import { useSetting } from '../use-setting';
import './capture-settings.css';

/**
 * Settings of the capture feature (a section of the Settings view). It shows the settings
 * live and changes them through the capture feature's messages, the one write path for
 * capture settings (the popup's pause and "Don't capture" use the same ones).
 */
export function CaptureSettings() {
  const { value: capture, loadError } = useSetting('capture');
  const [newSite, setNewSite] = useState('');
  // What the person is typing; null until they type (the stored list is shown).
  const [sensitiveDraft, setSensitiveDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Every change goes to the background, which validates it and writes it under the settings lock.
  const send = async (change: () => Promise<unknown>, note: string) => {
    try {
      await change();
      setMessage(note);
      setError(null);
    } catch (err) {
      setError(`Could not save: ${(err as Error).message}`);
    }
  };
  const save = (patch: Protocol['capture.update']['req'], note = 'Saved.') => send(() => sendToBackground('capture.update', patch), note);
  const exclude = (site: string, excluded: boolean, note: string) => send(() => sendToBackground('capture.excludeSite', { site, excluded }), note);

  if (!capture) {
    const failed = error ?? loadError;
    return (
      <fieldset class="settings-section capture-settings">
        <legend>Capture</legend>
        <p class={failed ? 'error' : 'muted'}>{failed ?? 'Loading…'}</p>
      </fieldset>
    );
  }
  const sensitiveText = sensitiveDraft ?? capture.sensitiveSites.join('\n');

  const addSite = (event: Event) => {
    event.preventDefault();
    const site = normalizeSite(newSite);
    if (!site) {
      setError('Type a site such as example.com.');
      return;
    }
    setNewSite('');
    void exclude(site, true, `${site} will not be captured.`);
  };

  return (
    <fieldset class="settings-section capture-settings">
      <legend>Capture</legend>
      <p class="muted">Pages you read are saved to your library on this device only.</p>

      <label class="row">
        <input type="checkbox" checked={capture.paused} onChange={(e) => send(() => sendToBackground('capture.setPaused', { paused: e.currentTarget.checked }), 'Saved.')} /> Pause
        capture
      </label>

      <label class="row">
        Save a page after{' '}
        <input
          type="number"
          min={0.5}
          max={120}
          step={0.5}
          style={{ width: '5em' }}
          value={capture.dwellMs / 1000}
          onChange={(e) => {
            const seconds = Number(e.currentTarget.value);
            if (Number.isFinite(seconds) && seconds >= 0.5 && seconds <= 120) void save({ dwellMs: Math.round(seconds * 1000) });
            else setError('Choose between 0.5 and 120 seconds.');
          }}
        />{' '}
        seconds on it
      </label>

      <label class="row">
        <input type="checkbox" checked={capture.skipPasswordPages} onChange={(e) => save({ skipPasswordPages: e.currentTarget.checked })} /> Skip pages with a password field
      </label>

      <label class="row">
        Skip pages shorter than{' '}
        <input
          type="number"
          min={0}
          max={5000}
          style={{ width: '6em' }}
          value={capture.minWords}
          onChange={(e) => {
            const words = Number(e.currentTarget.value);
            if (Number.isInteger(words) && words >= 0 && words <= 5000) void save({ minWords: words });
            else setError('Choose a number of words between 0 and 5000.');
          }}
        />{' '}
        words
      </label>

      <h4 id="excluded-title">Sites never captured</h4>
      {capture.excludedSites.length === 0 ? (
        <p class="muted">None. Use “Don't capture” in the popup, or add one here.</p>
      ) : (
        <ul aria-labelledby="excluded-title" data-testid="excluded-sites" class="site-list">
          {capture.excludedSites.map((site) => (
            <li key={site}>
              {site}{' '}
              <button type="button" aria-label={`Capture ${site} again`} onClick={() => exclude(site, false, `${site} can be captured again.`)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={addSite} class="row">
        <label>
          Add a site <input type="text" placeholder="example.com" value={newSite} onInput={(e) => setNewSite(e.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Add</button>
      </form>

      <h4>
        <label for="sensitive-sites">Sensitive sites (banking, mail, health, sign-in pages)</label>
      </h4>
      <p class="muted">
        One per line: a host (<code>mail.example.com</code>, <code>*.bank.com</code>) or a host and path (<code>*/login*</code>).
      </p>
      <textarea id="sensitive-sites" rows={8} style={{ width: '100%' }} value={sensitiveText} onInput={(e) => setSensitiveDraft(e.currentTarget.value)} />
      <div class="row">
        <button
          type="button"
          onClick={() =>
            save(
              {
                sensitiveSites: sensitiveText
                  .split('\n')
                  .map((l) => l.trim())
                  .filter(Boolean),
              },
              'Sensitive sites saved.',
            )
          }
        >
          Save sensitive sites
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            setSensitiveDraft(null);
            void save({ sensitiveSites: [...DEFAULT_SETTINGS.capture.sensitiveSites] }, 'Default sensitive sites restored.');
          }}
        >
          Restore defaults
        </button>
      </div>
      <p role="status" class={error ? 'error' : 'muted'} aria-live="polite">
        {error ?? message ?? ''}
      </p>
    </fieldset>
  );
}
