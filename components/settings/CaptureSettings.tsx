import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadSettings, updateSettings, type Settings } from '@/lib/settings';
import { normalizeSite } from '@/lib/capture/policy';
import './capture-settings.css';

type Capture = Settings['capture'];

/** Settings of the capture feature (a section of the Settings view). */
export function CaptureSettings() {
  const [capture, setCapture] = useState<Capture | null>(null);
  const [newSite, setNewSite] = useState('');
  const [sensitiveText, setSensitiveText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadSettings(browser.storage.local).then(
      (s) => {
        setCapture(s.capture);
        setSensitiveText(s.capture.sensitiveSites.join('\n'));
      },
      (err: Error) => setError(`Could not load the settings: ${err.message}`),
    );
  }, []);

  const save = async (patch: Partial<Capture>, note = 'Saved.') => {
    try {
      const next = await updateSettings(browser.storage.local, { capture: patch });
      setCapture(next.capture);
      setMessage(note);
      setError(null);
    } catch (err) {
      setError(`Could not save: ${(err as Error).message}`);
    }
  };

  if (!capture) {
    return (
      <fieldset class="settings-section capture-settings">
        <legend>Capture</legend>
        <p class={error ? 'error' : 'muted'}>{error ?? 'Loading…'}</p>
      </fieldset>
    );
  }

  const addSite = (event: Event) => {
    event.preventDefault();
    const site = normalizeSite(newSite);
    if (!site) {
      setError('Type a site such as example.com.');
      return;
    }
    setNewSite('');
    void save({ excludedSites: [...capture.excludedSites.filter((s) => s !== site), site] }, `${site} will not be captured.`);
  };

  return (
    <fieldset class="settings-section capture-settings">
      <legend>Capture</legend>
      <p class="muted">Pages you read are saved to your library on this device only.</p>

      <label class="row">
        <input type="checkbox" checked={capture.paused} onChange={(e) => save({ paused: e.currentTarget.checked })} /> Pause capture
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
              <button
                type="button"
                aria-label={`Capture ${site} again`}
                onClick={() => save({ excludedSites: capture.excludedSites.filter((s) => s !== site) }, `${site} can be captured again.`)}
              >
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
      <textarea id="sensitive-sites" rows={8} style={{ width: '100%' }} value={sensitiveText} onInput={(e) => setSensitiveText(e.currentTarget.value)} />
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
            setSensitiveText(DEFAULT_SETTINGS.capture.sensitiveSites.join('\n'));
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
