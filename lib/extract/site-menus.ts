/**
 * The site's own menus where Readability took them for the page. On a category page whose cards
 * are mostly link text, Readability's retry (its "unlikely" filters off) can pick the site header
 * itself: a mega menu of hundreds of category links in a `<nav>` inside the banner (WCXB dev 3027,
 * 3029, 2953: 55–70 % of what it kept). `./page-chrome` leaves a `<nav>` that holds most of an
 * article (some sites wrap their content in one); on a page that does not read like an article, a
 * Readability result made mostly of the site's banner and menus is not the page, and the
 * visible-text fallback (which leaves them out) reads it instead.
 *
 * Read-only on Readability's article element (small next to the page). Menus are recognised by
 * markup, never by their words: navigation and banner landmarks, and ARIA menus.
 */
import { nonSpaceLength } from './word-count';

const MENU_SELECTOR = 'nav, header, [role="navigation" i], [role="banner" i], [role="menubar" i], [role="menu" i]';
/** Share of the article's text in menus above which the article is the site's menus. */
const MAX_MENU_SHARE = 0.5;

/** Whether most of `article`'s text sits in the site's banner, navigation or menus. */
export function mostlySiteMenus(article: Element): boolean {
  const total = nonSpaceLength(article.textContent);
  if (total === 0) return false;
  let menus = 0;
  for (const el of Array.from(article.querySelectorAll(MENU_SELECTOR))) {
    // Counted once: the outermost menu.
    const outer = el.parentElement?.closest(MENU_SELECTOR);
    if (outer && article.contains(outer)) continue;
    menus += nonSpaceLength(el.textContent);
  }
  return menus > MAX_MENU_SHARE * total;
}
