import { useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import { ActionStatus, type ActionMessage } from './ActionStatus';
import { count, pagesAndConversations } from './when';

const IMPORT_SLICE = 200;

/**
 * Export the library (pages and saved conversations) to a file, import one back. Shown at
 * the bottom of the Library view and in Settings → Backup: one component, both places.
 */
export function Backup(props: { onChanged?: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<ActionMessage | null>(null);

  const run = async (label: string, job: () => Promise<string>) => {
    setBusy(label);
    setMessage(null);
    try {
      setMessage({ text: await job() });
    } catch (error) {
      setMessage({ text: `${label} failed: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(null);
      props.onChanged?.();
    }
  };

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

  return (
    <div class="backup" role="group" aria-label="Backup">
      <div class="tool-row">
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
      </div>
      <ActionStatus busy={busy} message={message} />
    </div>
  );
}
