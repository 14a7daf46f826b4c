import type { RetrievedPassage } from '@/lib/answer/sources';
import { GleanerError } from '@/lib/messaging/errors';

// TODO(2026-11-23): adapter to the library's search once it lands.
/** Library passages for a question, best first. */
export async function searchLibraryPassages(_query: string, _options: { limit: number; site?: string; since?: number }): Promise<RetrievedPassage[]> {
  throw new GleanerError('The library is not available yet.');
}
