/**
 * Pages whose content is in the markup but hidden until one of their scripts runs: a shop theme's
 * "lockdown" app wraps the whole main landmark in `display:none` (WCXB dev 0638, a collection of
 * 51 products), React's streamed server rendering sends each part in a `<div hidden>` that a
 * script moves into place (4168). With the scripts not run (a saved page, scripts blocked or
 * failed) the visible text is empty, and so is every reading that honours hidden parts.
 *
 * Hidden text counts only then: when the reading found fewer than `MIN_SHOWN_WORDS` words and
 * the page holds at least `MIN_HIDDEN_WORDS` in its content (the main landmark, else the body,
 * without page chrome). A page that shows anything keeps reading only what it shows: its hidden
 * parts are menus, drawers, tabs and templates.
 *
 * Read-only; one or two walks of the content, run only on a page whose reading is (nearly) empty.
 */
import { structuredText, type StructuredText } from './blocks';
import { isChrome } from './visible-text';

/** Below this many words, a reading shows nothing of the page. */
export const MIN_SHOWN_WORDS = 20;
/** Least words of hidden content worth reading instead. */
const MIN_HIDDEN_WORDS = 100;

const skip = (el: Element) => isChrome(el) || (el.tagName === 'INPUT' && el.getAttribute('type') === 'hidden');

/** The content of `doc` read with its hidden parts, when it holds enough words (`count`); undefined otherwise. */
export function hiddenContent(doc: Document, count: (text: string) => number): StructuredText | undefined {
  // The main landmark first; the body where it is empty (a streamed page's shell).
  for (const root of [doc.querySelector('main, [role="main" i]'), doc.body]) {
    if (!root) continue;
    const reading = structuredText(root, skip);
    if (count(reading.text) >= MIN_HIDDEN_WORDS) return reading;
  }
  return undefined;
}
