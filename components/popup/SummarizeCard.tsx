import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { openSidePanel } from '@/lib/side-panel';
import type { AnswerTab } from '@/lib/messaging/protocol';
import type { SummaryLength, SummaryStyle } from '@/lib/answer/prompts';
import { SummaryControls } from '@/components/chat/SummaryControls';
import { SummaryOutput } from '@/components/chat/SummaryOutput';
import { useSummary, type SummaryHandOff } from '@/components/chat/use-summary';
import { useAnswerSettings } from '@/components/chat/use-answer-settings';
import { isRunning } from '@/lib/answer/tab-summary';
import '@/components/chat/chat.css';

/** Popup card: summarize the current page, with style, streaming, map-reduce progress and Stop. */
export function SummarizeCard() {
  const defaults = useAnswerSettings();
  const [tab, setTab] = useState<AnswerTab | null | undefined>(undefined);
  const [style, setStyle] = useState<SummaryStyle | null>(null);
  const [length, setLength] = useState<SummaryLength | null>(null);
  // Known before any click: the side panel must be opened inside the click, with no await before it.
  const windowId = useRef<number | undefined>(undefined);
  const openPanel = () => openSidePanel(import.meta.env.FIREFOX ? {} : { windowId: windowId.current });
  const handOff = async (request: SummaryHandOff, opening = openPanel()) => {
    if (!(await opening)) return false;
    await sendToBackground('answers.handOffSummary', request);
    return true;
  };
  const { state, start, stop, choose, regenerate, follow, place } = useSummary({ runner: 'popup', handOff });
  const busy = isRunning(state.phase);

  useEffect(() => {
    browser.windows.getCurrent().then(
      (current) => (windowId.current = current.id),
      () => undefined,
    );
    sendToBackground('answers.activeTab', {}).then(
      (found) => {
        setTab(found);
        // The last summary of this tab (or one running in the side panel) is shown again.
        if (found) follow(found.tabId);
      },
      () => setTab(null),
    );
  }, [follow]);

  const chosenStyle = style ?? defaults.style;
  const chosenLength = length ?? defaults.length;
  return (
    <section class="card summarize-card" aria-labelledby="summarize-title">
      <h2 id="summarize-title">Summarize this page</h2>
      {tab === null && <p class="muted">Open a web page to summarize it.</p>}
      {tab && (
        <p class="muted page-title" title={tab.url}>
          {tab.title}
        </p>
      )}
      <SummaryControls style={chosenStyle} length={chosenLength} onStyle={setStyle} onLength={setLength} disabled={busy} />
      <div class="actions">
        {busy ? (
          <button type="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="button" class="primary" disabled={!tab} onClick={() => tab && start(tab.tabId, chosenStyle, chosenLength)}>
            Summarize
          </button>
        )}
      </div>
      <SummaryOutput
        state={state}
        onChoose={choose}
        onRegenerate={regenerate}
        onPlace={(where) => place(where === 'here' ? 'here' : { opening: openPanel().catch(() => false) })}
      />
    </section>
  );
}
