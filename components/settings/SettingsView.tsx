/** The Settings view of the side panel. */
export function SettingsView() {
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p class="muted">Capture, privacy and engine settings.</p>
    </section>
  );
}
