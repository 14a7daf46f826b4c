import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { CaptureStatus } from '@/components/popup/CaptureStatus';
import { SummarizeCard } from '@/components/popup/SummarizeCard';
import { openSidePanel as openPanel } from '@/lib/side-panel';
import { ErrorNotice } from '@/components/ErrorNotice';
import { SetupCard } from '@/components/onboarding/SetupCard';
import { useSetting } from '@/components/use-setting';
import { engineChosen } from '@/lib/engine/first-run';

/** The toolbar popup: quick actions on the current page, and the way into the side panel. */
export function App() {
  const [status, setStatus] = useState<'connecting' | 'ready' | 'error'>('connecting');
  const [panelError, setPanelError] = useState<unknown>(null);
  const engine = useSetting('engine').value;
  // Nothing chosen yet: not "Ready", and the way to set up instead of a Summarize that can only fail.
  const setUp = engine !== null && !engineChosen(engine);

  useEffect(() => {
    sendToBackground('core.ping', { from: 'popup' }).then(
      () => setStatus('ready'),
      () => setStatus('error'),
    );
  }, []);

  const openSidePanel = async () => {
    setPanelError(null);
    try {
      // Chrome needs the user gesture: the click handler calls sidePanel.open itself when it can.
      // Both browsers want the call inside the click's user gesture, so it is made here.
      // (Firefox's sidebar needs no window, and must not wait for one.)
      await openPanel(import.meta.env.FIREFOX ? {} : { windowId: (await browser.windows.getCurrent()).id });
      window.close();
    } catch (error) {
      setPanelError(error);
    }
  };

  return (
    <div class="popup">
      <header>
        <h1>Gleaner</h1>
        <span class="muted" data-testid="status">
          {status === 'error' ? 'Background not reachable' : status === 'connecting' || engine === null ? 'Connecting…' : setUp ? 'Set-up needed' : 'Ready'}
        </span>
      </header>
      {engine === null ? null : setUp ? <SetupCard onOpen={() => void openSidePanel()} /> : <SummarizeCard />}
      <CaptureStatus />
      <button type="button" onClick={openSidePanel}>
        {/* Firefox calls it the sidebar: the person finds it under that name in its menus. */}
        {import.meta.env.FIREFOX ? 'Open sidebar' : 'Open side panel'}
      </button>
      {panelError !== null && <ErrorNotice error={panelError} onDismiss={() => setPanelError(null)} />}
    </div>
  );
}
