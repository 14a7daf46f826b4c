/**
 * Link previews: a link whose text is long prose (a comment or a post shown in full inside a card
 * that links to it, clamped to a line or two by the page's style) is the page it links to, not
 * this page's text. Card titles and teasers are links of a few hundred characters at most; on the
 * WCXB dev pages, links of more than `MAX_LINK_CHARS` were mostly outside the gold text (an
 * article's "more stories" teasers, a listing's promoted card with its maker's whole comment).
 */
import { nonSpaceLength } from './word-count';

/** Most non-space characters of text a link of this page's own text holds. */
export const MAX_LINK_CHARS = 2000;

/** Whether `el` is a link whose text is a preview of another page. */
export function isLinkPreview(el: Element): boolean {
  return el.tagName === 'A' && el.hasAttribute('href') && nonSpaceLength(el.textContent ?? '') > MAX_LINK_CHARS;
}

/** Removes link previews from an extracted element (Readability's article), in place. */
export function dropLinkPreviews(root: Element): void {
  for (const link of Array.from(root.querySelectorAll('a[href]'))) if (isLinkPreview(link)) link.remove();
}
