import type { LibraryDb } from './db';
import { embedPendingChunks, type Embedder } from './vectors';

/** The state of background embedding, for the settings view. */
export interface EmbeddingJobState {
  running: boolean;
  /** Passages embedded by the last run. */
  embedded: number;
  /** The last failure in words a person understands (e.g. no WebGPU), if the last run failed. */
  error?: string;
}

/**
 * Embeds passages without a vector in the background when semantic search is
 * on. Runs are coalesced (a request during a run schedules one more run after
 * it) and resumable: a worker that dies mid-run leaves vectors for the batches
 * already written, and the next run picks up the rest.
 */
export function createEmbeddingJob(options: {
  db: () => LibraryDb;
  /** The embedder to use now, or null when semantic search is off. */
  embedder: () => Promise<Embedder | null>;
  onState?: (state: EmbeddingJobState) => void;
  batchSize?: number;
}) {
  let running: Promise<void> | null = null;
  let again = false;

  async function runOnce(): Promise<void> {
    const embedder = await options.embedder();
    if (!embedder) return;
    options.onState?.({ running: true, embedded: 0 });
    try {
      const embedded = await embedPendingChunks(options.db(), embedder, { batchSize: options.batchSize ?? 16 });
      options.onState?.({ running: false, embedded });
    } catch (error) {
      options.onState?.({ running: false, embedded: 0, error: (error as Error).message });
    }
  }

  return {
    /** Requests a run; resolves when the library has no passage left to embed (or a run failed). */
    request(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await runOnce();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
