/**
 * Runs of machine identifiers a page puts in its markup but never shows: a marketplace writes the
 * word "Sponsored" on each ad card as one letter per `<span>`, between spans holding random UUIDs
 * that its stylesheet hides ("S19aea247-2e76-4905-9b83-15a5a5664cfaG661bd3c3-…"), so that the word
 * cannot be found in the text. Without the stylesheet they read as a hundred words of hex per card.
 *
 * A block holding at least `MIN_IDS` UUIDs loses them all: one UUID in a sentence (a docs page's
 * example key) is the page's text and is kept, and so are code blocks and tables.
 *
 * On the reading's text only (no page walk): one test of the whole text, and a pass over the
 * blocks only where it holds a UUID.
 */
import { joinBlocks, type StructuredText } from './blocks';

/** Fewest UUIDs in one block for them to be markup noise rather than text. */
const MIN_IDS = 3;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ANY_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `structured` with the runs of UUIDs taken out of its prose blocks (the same object when it has none). */
export function withoutMachineIds(structured: StructuredText): StructuredText {
  if (!ANY_UUID.test(structured.text)) return structured;
  let changed = false;
  const parts = structured.blocks.map((block) => {
    const body = structured.text.slice(block.start, block.end);
    if (block.kind === 'code' || block.kind === 'table' || (body.match(UUID)?.length ?? 0) < MIN_IDS) return { block, body };
    changed = true;
    return {
      block,
      body: body
        .replace(UUID, '')
        .replace(/[ \t]{2,}/g, ' ')
        .trim(),
    };
  });
  return changed ? joinBlocks(parts) : structured;
}
