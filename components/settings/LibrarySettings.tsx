import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import type { EmbeddingJobState } from '@/lib/library/embedding-job';
import { embeddingStateItem } from '@/lib/messaging/stored';
import { useSetting } from '../use-setting';

const BUDGETS_MB = [256, 512, 1024, 2048, 4096];

function embeddingStatus(state: EmbeddingJobState | undefined): string | null {
  if (!state) return null;
  if (state.running) return 'Embedding passages in the background…';
  if (state.error) return `Semantic search is paused: ${state.error}`;
  return state.embedded > 0 ? `Embedded ${state.embedded.toLocaleString()} new passages.` : 'Every passage is embedded.';
}

/** Settings of the library feature (a section of the Settings view): storage budget and semantic search. */
export function LibrarySettings() {
  const { value: library, save } = useSetting('library');
  const [saved, setSaved] = useState<string | null>(null);
  const [embedding, setEmbedding] = useState<EmbeddingJobState | undefined>();
  useEffect(() => {
    embeddingStateItem.getValue().then(
      (state) => setEmbedding(state ?? undefined),
      () => undefined,
    );
    return embeddingStateItem.watch((state) => setEmbedding(state ?? undefined));
  }, []);
  const change = async (patch: Partial<Settings['library']>, message: string) => {
    if (!library) return;
    try {
      await save(patch);
      setSaved(message);
    } catch (e) {
      setSaved(`Could not save: ${(e as Error).message}`);
    }
  };
  const budget = library?.budgetMB;
  const status = library?.semanticSearch ? embeddingStatus(embedding) : null;
  return (
    <fieldset class="settings-section">
      <legend>Library</legend>
      <label>
        Storage budget{' '}
        <select
          value={String(budget ?? '')}
          disabled={!library}
          onChange={(e) =>
            change({ budgetMB: Number((e.currentTarget as HTMLSelectElement).value) }, 'Saved. When the library grows past this, the pages read longest ago are removed first.')
          }
        >
          {[...new Set([...BUDGETS_MB, ...(budget ? [budget] : [])])]
            .sort((a, b) => a - b)
            .map((mb) => (
              <option value={String(mb)} key={mb}>
                {mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`}
              </option>
            ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={library?.semanticSearch ?? false}
          disabled={!library}
          onChange={(e) =>
            change(
              { semanticSearch: (e.currentTarget as HTMLInputElement).checked },
              'Saved. Questions about your library now also match passages by meaning once they are embedded.',
            )
          }
        />{' '}
        Semantic search (embeds passages with a small local model, downloaded once; questions then match by meaning as well as by words)
      </label>
      {status && (
        <p class="muted" role="status" data-testid="embedding-status">
          {status}
        </p>
      )}
      {saved && (
        <p class="muted" role="status">
          {saved}
        </p>
      )}
    </fieldset>
  );
}
