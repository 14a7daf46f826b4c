/**
 * A page that holds its text more than once: a layout that ships the same article for each screen
 * size and shows one, tabs that repeat the page's sections, a slider's cloned slides. The reading
 * then keeps each copy (WCXB dev 0355: a remodelling guide three times over). Such a copy is a run
 * of paragraphs that came before, word for word. One paragraph that comes back on its own is the
 * page's: a caption under each webcam, the same line on each product card, a post quoted in a reply.
 * Text-level: no walk of the page.
 */
import { joinBlocks, type StructuredText } from './blocks';
import type { ExtractedBlock } from './types';
import { nonSpaceLength } from './word-count';

/** A block this long (non-space characters, some fifteen words) is a paragraph of its own; shorter ones (a label, a heading, "Yes") repeat by nature. */
const MIN_CHARS = 80;

/** Code and tables repeat lines by nature: only prose, lists and quotes are looked at. */
const LOOKED_AT = new Set<ExtractedBlock['kind']>(['paragraph', 'list', 'quote']);

/** `structured` without the runs of two or more long blocks that repeat earlier ones; itself when it has none. */
export function withoutRepeatedBlocks(structured: StructuredText): StructuredText {
  const bodies = structured.blocks.map((block) => structured.text.slice(block.start, block.end));
  // The long blocks in order, each marked when it repeats one before it; short blocks between them (headings) do not break a run.
  const seen = new Set<string>();
  const long: { index: number; repeats: boolean }[] = [];
  bodies.forEach((body, index) => {
    if (!LOOKED_AT.has(structured.blocks[index]!.kind) || nonSpaceLength(body) < MIN_CHARS) return;
    const key = body.replace(/\s+/g, ' ').trim();
    long.push({ index, repeats: seen.has(key) });
    seen.add(key);
  });
  const dropped = new Set(long.filter(({ repeats }, i) => repeats && (long[i - 1]?.repeats || long[i + 1]?.repeats)).map(({ index }) => index));
  if (dropped.size === 0) return structured;
  return joinBlocks(structured.blocks.map((block, index) => ({ block, body: dropped.has(index) ? '' : bodies[index]! })));
}
