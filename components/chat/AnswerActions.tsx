import { useState } from 'preact/hooks';

/**
 * Copy and Regenerate under an answer or a summary (Retry when it failed). Copy writes the
 * answer's own text (its Markdown, as the model wrote it) and says so, or says why it could not.
 */
export function AnswerActions(props: { text: string; failed?: boolean; onRegenerate?: () => void; disabled?: boolean; what?: string }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const what = props.what ?? 'answer';
  const copy = () =>
    navigator.clipboard.writeText(props.text).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <div class="actions answer-actions">
      {props.text && (
        <button type="button" onClick={() => void copy()} aria-label={`Copy the ${what}`}>
          Copy
        </button>
      )}
      {props.onRegenerate && (
        <button type="button" onClick={props.onRegenerate} disabled={props.disabled} class={props.failed ? 'primary' : undefined}>
          {props.failed ? 'Retry' : 'Regenerate'}
        </button>
      )}
      {copied && (
        <span class="muted" role="status">
          {copied === 'copied' ? 'Copied.' : 'Could not copy: the browser refused the clipboard.'}
        </span>
      )}
    </div>
  );
}
