import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import type { AnswerTab } from '@/lib/messaging/protocol';
import type { SummaryLength, SummaryStyle } from '@/lib/answer/prompts';
import { SummaryControls } from '@/components/chat/SummaryControls';
import { SummaryOutput } from '@/components/chat/SummaryOutput';
import { useSummary } from '@/components/chat/use-summary';
import { useAnswerSettings } from '@/components/chat/use-answer-settings';
import '@/components/chat/chat.css';

/** Popup card: summarize the current page, with style, streaming, map-reduce progress and Stop. */
export function SummarizeCard() {
  const defaults = useAnswerSettings();
  const [tab, setTab] = useState<AnswerTab | null | undefined>(undefined);
  const [style, setStyle] = useState<SummaryStyle | null>(null);
  const [length, setLength] = useState<SummaryLength | null>(null);
  const { state, start, stop, choose, regenerate } = useSummary();
  const busy = state.phase === 'reading' || state.phase === 'loading' || state.phase === 'confirm' || state.phase === 'summarizing';

  useEffect(() => {
    sendToBackground('answers.activeTab', {}).then(setTab, () => setTab(null));
  }, []);

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
      <SummaryOutput state={state} onChoose={choose} onRegenerate={regenerate} />
    </section>
  );
}
