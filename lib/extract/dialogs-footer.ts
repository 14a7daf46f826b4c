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
 * page's only where something matched.
 */
import { nonSpaceLength } from './word-count';

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
  let total: number | undefined;
  for (const el of [...Array.from(body.querySelectorAll(DIALOG_SELECTOR)), ...footers]) {
    // Inside a part removed already, or the body itself named so.
    if (el === body || !body.contains(el)) continue;
    // The page's text is measured when a first part is weighed, before anything is removed: a page without any is not read.
    total ??= nonSpaceLength(body.textContent);
    if (nonSpaceLength(el.textContent) < MAX_SHARE * total) el.remove();
  }
}
