import { CaptureSettings } from './CaptureSettings';
import { LibrarySettings } from './LibrarySettings';
import { EngineSettings } from './EngineSettings';
import { TokenSettings } from './TokenSettings';
import { AnswerSettings } from './AnswerSettings';

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
    </section>
  );
}
