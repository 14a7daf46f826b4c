import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

interface Shortcut {
  description: string;
  shortcut: string;
}

/** Where the browser lets a person change an extension's keyboard shortcuts. */
const CHROME_SHORTCUTS_URL = 'chrome://extensions/shortcuts';

/** The keyboard shortcuts as the browser has them now, and where to change them. */
function Shortcuts() {
  const [shortcuts, setShortcuts] = useState<Shortcut[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    browser.commands.getAll().then(
      (commands) =>
        setShortcuts(
          commands.map((command) => ({
            description: command.description || (command.name === '_execute_action' ? 'Open Gleaner' : (command.name ?? '')),
            shortcut: command.shortcut ?? '',
          })),
        ),
      () => setShortcuts([]),
    );
  }, []);
  const openShortcuts = async () => {
    try {
      // Only an extension can open chrome:// pages; a link in the page would be refused.
      await browser.tabs.create({ url: CHROME_SHORTCUTS_URL });
    } catch (e) {
      setError(`The browser did not open ${CHROME_SHORTCUTS_URL} (${(e as Error).message}): type it in the address bar.`);
    }
  };
  return (
    <section aria-labelledby="settings-shortcuts">
      <h3 id="settings-shortcuts">Keyboard shortcuts</h3>
      {shortcuts && shortcuts.length > 0 && (
        <ul class="shortcut-list" data-testid="shortcuts">
          {shortcuts.map((s) => (
            <li key={s.description}>
              <kbd>{s.shortcut || 'not set'}</kbd> {s.description}
            </li>
          ))}
        </ul>
      )}
      {import.meta.env.FIREFOX ? (
        <p class="muted">To change them: open about:addons, click the gear button ⚙ and choose “Manage Extension Shortcuts”.</p>
      ) : (
        <button type="button" onClick={() => void openShortcuts()}>
          Change keyboard shortcuts…
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Settings → About: what Gleaner is, its version, its privacy promise in plain words. */
export function AboutSettings() {
  const manifest = browser.runtime.getManifest();
  return (
    <>
      <Shortcuts />
      <section aria-labelledby="settings-about" data-testid="about">
        <h3 id="settings-about">About</h3>
        <p>
          <strong>{manifest.name}</strong> <span data-testid="about-version">version {manifest.version}</span>
        </p>
        <p>{manifest.description}</p>
        <p>
          Nothing you read, ask or count leaves your computer: pages, passages, conversations and counts stay in this browser. Gleaner goes online only to download the model you
          choose, a PDF you ask about, and — if you set one up — to talk to your own server at the address you entered.
        </p>
        <p>
          <a href="/privacy.html" target="_blank" rel="noopener noreferrer">
            Read the whole privacy promise
          </a>
        </p>
      </section>
    </>
  );
}
