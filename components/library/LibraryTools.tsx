import { useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import type { LibraryStats } from '@/lib/library/maintenance';
import { useSetting } from '../use-setting';
import { formatBytes } from './when';

const IMPORT_SLICE = 200;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 pages and 1 saved conversation": what "Delete everything" removes, and what an export holds. */
function pagesAndConversations(pages: number, conversations: number): string {
  return `${count(pages, 'page', 'pages')} and ${count(conversations, 'saved conversation', 'saved conversations')}`;
}

/** Storage used, pause capture, export / import, delete everything (with confirmation). */
export function LibraryTools(props: { stats: LibraryStats | null; onChanged: () => void }) {
  const { stats } = props;
  // Null until the settings are read (or when they cannot be): the toggle waits.
  const paused = useSetting('capture').value?.paused ?? null;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (label: string, job: () => Promise<string>) => {
    setBusy(label);
    setMessage(null);
    try {
      setMessage({ text: await job() });
    } catch (error) {
      setMessage({ text: `${label} failed: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(null);
      props.onChanged();
    }
  };

  const togglePause = () =>
    run('Pause', async () => {
      const next = !paused;
      await sendToBackground('capture.setPaused', { paused: next });
      return next ? 'Capture paused: new pages are not added.' : 'Capture resumed.';
    });

  const exportAll = () =>
    run('Export', async () => {
      const lines: string[] = [];
      let after: number | undefined;
      for (;;) {
        const slice = await sendToBackground('library.export', { after, limit: 200 });
        lines.push(...slice.lines);
        setBusy(`Exporting… ${Math.max(0, lines.length - 1)} pages`);
        if (slice.next === null) break;
        after = slice.next;
      }
      const blob = new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `gleaner-library-${new Date().toISOString().slice(0, 10)}.jsonl`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      const conversations = lines.filter((l) => l.startsWith('{"type":"conversation"')).length;
      return `Exported ${pagesAndConversations(lines.length - 1 - conversations, conversations)}.`;
    });

  const importFile = (file: File) =>
    run('Import', async () => {
      const lines = (await file.text()).split('\n').filter((l) => l.trim());
      const total = { added: 0, updated: 0, unchanged: 0, failed: 0, conversations: 0 };
      const errors: string[] = [];
      for (let i = 0; i < lines.length; i += IMPORT_SLICE) {
        setBusy(`Importing… ${i} of ${lines.length} lines`);
        const r = await sendToBackground('library.import', { lines: lines.slice(i, i + IMPORT_SLICE) });
        total.added += r.added;
        total.updated += r.updated;
        total.unchanged += r.unchanged;
        total.failed += r.failed;
        total.conversations += r.conversations;
        errors.push(...r.errors.map((e) => e.replace(/^line (\d+)/, (_m, n: string) => `line ${i + Number(n)}`)));
      }
      const summary = `Imported: ${total.added} new, ${total.updated} updated, ${total.unchanged} already there${
        total.conversations > 0 ? `; ${count(total.conversations, 'saved conversation', 'saved conversations')}` : ''
      }`;
      return total.failed > 0 ? `${summary}; ${total.failed} lines skipped (${errors.slice(0, 3).join('; ')}).` : `${summary}.`;
    });

  const deleteEverything = () =>
    run('Delete', async () => {
      setConfirming(false);
      const { deleted, conversations } = await sendToBackground('library.deleteAll', { confirm: true });
      return `Deleted ${pagesAndConversations(deleted, conversations)}. Your settings are kept.`;
    });

  const used = stats ? (stats.originUsageBytes ?? stats.estimatedBytes) : 0;
  return (
    <section class="library-tools" aria-label="Library storage and tools">
      <p class="muted small" data-testid="library-stats">
        {stats ? `${stats.pages} pages · ${formatBytes(used)} used${stats.budgetBytes ? ` of ${formatBytes(stats.budgetBytes)}` : ''}` : 'Counting…'}
      </p>
      <div class="tool-row">
        <button type="button" onClick={togglePause} disabled={paused === null || !!busy} aria-pressed={paused ?? false}>
          {paused ? 'Resume capture' : 'Pause capture'}
        </button>
        <button type="button" onClick={exportAll} disabled={!!busy}>
          Export…
        </button>
        <label class="button-like">
          Import…
          <input
            type="file"
            accept=".jsonl,.ndjson,application/x-ndjson,application/json"
            class="sr-only"
            disabled={!!busy}
            onChange={(e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) void importFile(file);
              (e.currentTarget as HTMLInputElement).value = '';
            }}
          />
        </label>
        {!confirming ? (
          <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={!!busy || (!stats?.pages && !stats?.conversations)}>
            Delete everything…
          </button>
        ) : (
          <span role="group" aria-label="Confirm deleting the whole library">
            <button type="button" class="danger" onClick={deleteEverything}>
              Yes, delete {pagesAndConversations(stats?.pages ?? 0, stats?.conversations ?? 0)}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </button>
          </span>
        )}
      </div>
      {busy && (
        <p class="muted small" role="status">
          {busy}
        </p>
      )}
      {message && (
        <p class={message.error ? 'error small' : 'muted small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
