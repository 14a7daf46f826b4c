import { useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import { conversationToMarkdown, exportFileName, type ConversationSummary } from '@/lib/answer/conversation';
import { describeError, type ShownError } from '@/lib/messaging/errors';
import { ErrorNotice } from '../ErrorNotice';

/** Saves text as a file through a temporary object URL (no network involved). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saved conversations: open, rename, delete, export as Markdown. */
export function ConversationList(props: {
  items: readonly ConversationSummary[];
  currentId?: number;
  onOpen: (id: number) => void;
  onChanged: () => void;
  onDeleted: (id: number) => void;
}) {
  const [renaming, setRenaming] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<ShownError | null>(null);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      props.onChanged();
    } catch (actionError) {
      setError(describeError(actionError));
    }
  };

  const exportOne = (id: number) =>
    act(async () => {
      const conversation = await sendToBackground('answers.getConversation', { id });
      if (!conversation) throw new Error('That conversation no longer exists.');
      download(exportFileName(conversation), conversationToMarkdown(conversation));
    });

  return (
    <details class="conversations">
      <summary>Conversations ({props.items.length})</summary>
      {props.items.length === 0 && <p class="muted">Your questions and answers are saved here.</p>}
      <ul>
        {props.items.map((item) => (
          <li key={item.id} class={item.id === props.currentId ? 'current' : ''}>
            {renaming === item.id ? (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void act(() => sendToBackground('answers.renameConversation', { id: item.id, title: name })).then(() => setRenaming(null));
                }}
              >
                <label class="sr-only" for={`rename-${item.id}`}>
                  New name
                </label>
                <input id={`rename-${item.id}`} value={name} onInput={(event) => setName(event.currentTarget.value)} autoFocus />
                <button type="submit">Save</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <button type="button" class="link" onClick={() => props.onOpen(item.id)} title={`Open (${item.turnCount} questions)`}>
                  {item.title}
                </button>
                <span class="muted"> · {new Date(item.updatedAt).toLocaleDateString()}</span>
                <span class="row-actions">
                  <button type="button" aria-label={`Rename ${item.title}`} onClick={() => (setRenaming(item.id), setName(item.title))}>
                    Rename
                  </button>
                  <button type="button" aria-label={`Export ${item.title} as Markdown`} onClick={() => void exportOne(item.id)}>
                    Export
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete ${item.title}`}
                    onClick={() => {
                      if (confirm(`Delete “${item.title}”?`)) void act(() => sendToBackground('answers.deleteConversation', { id: item.id })).then(() => props.onDeleted(item.id));
                    }}
                  >
                    Delete
                  </button>
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} here="chat" />}
    </details>
  );
}
