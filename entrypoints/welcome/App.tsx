import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Onboarding } from '@/components/onboarding/Onboarding';
import { useSetting } from '@/components/use-setting';
import { openSidePanel } from '@/lib/side-panel';

/**
 * The tab opened on install: the onboarding and nothing else (not the side panel app, whose
 * "Summarize this page" and "Count tokens" request hooks would take requests meant for the panel).
 * It ends with the first summary, then hands over to the side panel.
 */
export function App() {
  const { value: config, save } = useSetting('engine');
  const [error, setError] = useState<string | null>(null);
  if (!config) return <p class="muted">Loading…</p>;
  const openPanel = async () => {
    setError(null);
    try {
      // Inside the click: both browsers want the user gesture.
      await openSidePanel(import.meta.env.FIREFOX ? {} : { windowId: (await browser.windows.getCurrent()).id });
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <>
      <Onboarding config={config} save={save} onDone={() => void openPanel()} doneLabel={import.meta.env.FIREFOX ? 'Open the sidebar' : 'Open the side panel'} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
