/**
 * Inline citations: answers cite numbered sources as [1], [2] or [1, 3].
 * Parsing finds which sources an answer used; anything that is not a number
 * of a source given to the model is ignored (a hallucinated [9] cites nothing).
 */

/** A citation marker found in an answer. */
export interface CitationMarker {
  /** Offsets of the whole marker, e.g. `[1, 2]`, in the answer text. */
  start: number;
  end: number;
  ids: number[];
}

const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()/g;

/** Every citation marker in `text`, keeping only ids in 1..sourceCount. */
export function findCitations(text: string, sourceCount: number): CitationMarker[] {
  const markers: CitationMarker[] = [];
  for (const match of text.matchAll(MARKER)) {
    const ids = match[1]!
      .split(/[,;]/)
      .map((id) => Number.parseInt(id.trim(), 10))
      .filter((id) => id >= 1 && id <= sourceCount);
    if (ids.length > 0) markers.push({ start: match.index, end: match.index + match[0].length, ids: [...new Set(ids)] });
  }
  return markers;
}

/** The distinct source ids an answer cites, in order of first citation. */
export function citedSourceIds(text: string, sourceCount: number): number[] {
  return [...new Set(findCitations(text, sourceCount).flatMap((marker) => marker.ids))];
}
