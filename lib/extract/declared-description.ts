/**
 * Pages that show nothing without their scripts and hold no hidden copy of their content either:
 * a Discourse forum's saved thread is a splash screen and an empty `<section id="main">`, its posts
 * fetched by a script (WCXB dev 4145, 4147, 4314, 4607, 4838: F1 0 before). What the page still
 * says of itself is its declared description (`<meta name="description">`, Open Graph, Twitter),
 * which a forum fills with the opening post's first lines: that text stands in for the page's,
 * and the person is told so (`DESCRIPTION_NOTE`).
 *
 * Only where the reading holds fewer than `MIN_SHOWN_WORDS` (./hidden-content) and the description
 * holds more: three selector look-ups, no walk of the page.
 */
import type { StructuredText } from './blocks';

/** The descriptions a page declares, looked up in this order (the longest wins: a forum's Open Graph one is often the fuller). */
const DESCRIPTIONS = ['meta[name="description" i]', 'meta[property="og:description" i]', 'meta[name="twitter:description" i]'];

/** What the person is told when the description stands in for the page's text. */
export const DESCRIPTION_NOTE = 'The page showed no text of its own (its content is drawn by scripts that did not run): only its description is kept.';

/** The longest description `doc` declares, as a reading of one paragraph; undefined when it has none. */
export function declaredDescription(doc: Document): StructuredText | undefined {
  let longest = '';
  for (const selector of DESCRIPTIONS) {
    const value = doc.querySelector(selector)?.getAttribute('content')?.replace(/\s+/g, ' ').trim() ?? '';
    if (value.length > longest.length) longest = value;
  }
  return longest ? { text: longest, blocks: [{ kind: 'paragraph', start: 0, end: longest.length }] } : undefined;
}
