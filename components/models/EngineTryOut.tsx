import { useRef, useState } from 'preact/hooks';
import type { ViewEngineClient } from '@/lib/engine/client';
import type { ChatStats } from '@/lib/engine/types';
import { ErrorNotice } from '../ErrorNotice';
import { describeError, type ShownError } from '@/lib/messaging/errors';
import { replyFailedNote } from '@/lib/answer/reply-limit';

/** A quick try-out of the active engine: stream a reply, stop it, see the statistics. Output is rendered as text. */
export function EngineTryOut(props: { client: ViewEngineClient }) {
  const [prompt, setPrompt] = useState('Say hello in one sentence.');
  const [reply, setReply] = useState('');
  const [stats, setStats] = useState<ChatStats | null>(null);
  const [finish, setFinish] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const send = async () => {
    controller.current = new AbortController();
    setRunning(true);
    setReply('');
    setStats(null);
    setFinish(null);
    setError(null);
    try {
      const result = await props.client.chat(
        { messages: [{ role: 'user', content: prompt }] },
        { onDelta: (delta) => setReply((text) => text + delta), signal: controller.current.signal },
      );
      setStats(result.stats);
      setFinish(result.finishReason);
    } catch (caught) {
      // What was streamed stays, marked as cut off (data-finish "error").
      setFinish('error');
      setError(describeError(caught));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section class="card tryout" aria-labelledby="tryout-title">
      <h3 id="tryout-title">Try the engine</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label>
          Prompt
          <textarea rows={2} value={prompt} onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} />
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={running || !prompt.trim()}>
            Send
          </button>
          <button type="button" disabled={!running} onClick={() => controller.current?.abort()}>
            Stop
          </button>
        </div>
      </form>
      <output class="reply" aria-live="polite" data-finish={finish ?? undefined}>
        {reply}
      </output>
      {finish === 'error' && reply && (
        <p class="muted" data-testid="reply-failed-midway">
          {replyFailedNote('reply')}
        </p>
      )}
      {stats && (
        <p class="muted stats">
          {finish === 'abort' ? 'Stopped. ' : ''}
          {stats.completionTokens} tokens · first token after {Math.round(stats.timeToFirstTokenMs)} ms
          {stats.prefillTokensPerSecond ? ` · prefill ${stats.prefillTokensPerSecond.toFixed(1)} tok/s` : ''}
          {stats.decodeTokensPerSecond ? ` · decode ${stats.decodeTokensPerSecond.toFixed(1)} tok/s` : ''}
        </p>
      )}
      {error && <ErrorNotice error={error} onRetry={error.retryable ? () => void send() : undefined} onDismiss={() => setError(null)} here="models" />}
    </section>
  );
}
