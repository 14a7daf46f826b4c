import { CaptureSettings } from './CaptureSettings';
import { LibrarySettings } from './LibrarySettings';
import { EngineSettings } from './EngineSettings';
import { TokenSettings } from './TokenSettings';
import { AnswerSettings } from './AnswerSettings';
import { AboutSettings } from './AboutSettings';
import { Backup } from '../library/Backup';

/** The Settings view of the side panel: one section per feature. */
export function SettingsView() {
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <CaptureSettings />
      <LibrarySettings />
      <EngineSettings />
      <TokenSettings />
      <AnswerSettings />
      <section aria-labelledby="settings-backup">
        <h3 id="settings-backup">Backup</h3>
        <p class="muted">Your library and saved conversations as one file, to keep or to move to another browser; importing adds what is missing.</p>
        <Backup />
      </section>
      <AboutSettings />
    </section>
  );
}
