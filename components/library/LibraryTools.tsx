import { useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import { ActionStatus, type ActionMessage } from './ActionStatus';
import type { LibraryStats } from '@/lib/library/maintenance';
import { useSetting } from '../use-setting';
import { pagesAndConversations } from './when';
import { Backup } from './Backup';
import { formatBytes } from '../format';

/** Storage used, pause capture, delete everything (with confirmation), and the backup (export / import). */
export function LibraryTools(props: { stats: LibraryStats | null; onChanged: () => void }) {
  const { stats } = props;
  // Null until the settings are read (or when they cannot be): the toggle waits.
  const paused = useSetting('capture').value?.paused ?? null;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<ActionMessage | null>(null);
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
      <ActionStatus busy={busy} message={message} />
      <Backup onChanged={props.onChanged} />
    </section>
  );
}
