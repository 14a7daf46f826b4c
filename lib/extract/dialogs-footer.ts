/**
 * What a saved page shows over or under its content that is never its content:
 * modal dialogs and the page's own footer (consent banners named as such: ./overlays). When a
 * listing's cards are mostly link text, Readability's retry (its "unlikely"
 * filters off) picks the longest prose left, which is then the consent text or
 * the footer's newsletter form or address. Removed from Readability's clone
 * before it runs, with ./overlays' consent bars, never from the live page. (The
 * visible-text fallback skips dialogs and footers outside the main landmark itself;
 * removing them there too moved two dev pages, one up and one down, so it is not done.)
 *
 * Each part is removed only while it holds less than `MAX_SHARE` of the page's
 * text, so a page that lives in a dialog, or whose body is wrapped in a
 * footer-like element, keeps it. Bounded: two queries, one text length per match, and the
 * page's text only where something matched, as far as the largest match needs.
 */
import { nonSpaceLength, nonSpaceLengthUpTo } from './word-count';

/** Dialogs: by tag or ARIA role (consent banners named as such are ./overlays'). */
const DIALOG_SELECTOR = ['dialog', '[role="dialog" i]', '[role="alertdialog" i]', '[aria-modal="true" i]'].join(', ');
/** The page's footer: a `<footer>` or `contentinfo` landmark that is not the footer of an article or of the main landmark. */
const FOOTER_SELECTOR = 'footer, [role="contentinfo" i]';
const INSIDE_CONTENT = 'article, main, [role="main" i]';
/** Largest share of the page's text one removed part may hold. */
const MAX_SHARE = 0.5;

/** Removes dialogs and the page footer from `body` (a clone), in place. */
export function dropDialogsAndFooter(body: Element): void {
  const footers = Array.from(body.querySelectorAll(FOOTER_SELECTOR)).filter((el) => !el.parentElement?.closest(INSIDE_CONTENT));
  const parts = [...Array.from(body.querySelectorAll(DIALOG_SELECTOR)), ...footers].filter((el) => el !== body);
  if (parts.length === 0) return;
  // Each part's text before any removal (a removal inside a later part only makes it smaller).
  const before = parts.map((el) => nonSpaceLength(el.textContent));
  // The page's text is read, before anything is removed, only as far as the largest part needs: where it holds more than
  // twice that, every part is under half of it, whatever the rest of the page holds.
  const total = nonSpaceLengthUpTo(body, 2 * Math.max(...before));
  let removed = false;
  parts.forEach((el, i) => {
    // Inside a part removed already.
    if (!body.contains(el)) return;
    if ((removed ? nonSpaceLength(el.textContent) : before[i]!) < MAX_SHARE * total) {
      el.remove();
      removed = true;
    }
  });
}
