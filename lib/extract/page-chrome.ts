/**
 * Navigation that Readability keeps inside an article, mostly on documentation pages: a
 * `<nav>` sidebar of chapters (Readability takes the whole body of a page whose first pass
 * found too little), a table of contents of links to the page's own headings, and its orphan
 * "Table of contents" label when Readability already dropped the list. Each is structural: a
 * navigation element, a list whose links all point into the page. Found on the WCXB dev split,
 * whose gold text mostly leaves them out (on 341 dev articles and docs pages, 19 gained and 12
 * lost: some gold texts keep a page's table of contents). The headings they list stay.
 */

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The label of a table of contents, all of a line's text ("Table of Contents", "In this article", "On this page"). */
const CONTENTS_LABEL = /^(table of contents|contents|in this (article|post|guide|page)|on this page|jump to( section)?|quick links|skip to)\s*:?$/i;
/** Least links in a table of contents (two in-page links are a "see above / below"). */
const MIN_CONTENTS_LINKS = 3;
/** Share of a list's text that is link text in a table of contents. */
const MIN_CONTENTS_LINK_SHARE = 0.8;

/** Largest share of the article's text a navigation element may hold and be dropped. */
const MAX_NAV_SHARE = 0.5;

/** Whether `href` points into the page itself (`#section`, or the page's own address with a fragment). */
function inPage(link: Element, page: string): boolean {
  const href = link.getAttribute('href') ?? '';
  if (href.startsWith('#')) return href.length > 1;
  if (!href.includes('#')) return false;
  // Readability made links absolute against the document's own address, which may differ from `page` (a saved copy).
  return [page, link.ownerDocument.documentURI].some((address) => {
    try {
      const target = new URL(href, address);
      const here = new URL(address);
      return target.origin === here.origin && target.pathname === here.pathname && target.search === here.search;
    } catch {
      return false;
    }
  });
}

/** A list whose links all point into the page and make up most of its text: a table of contents. */
function contentsList(list: Element, page: string): boolean {
  const links = Array.from(list.querySelectorAll('a[href]'));
  if (links.length < MIN_CONTENTS_LINKS || !links.every((link) => inPage(link, page))) return false;
  const linkChars = links.reduce((n, link) => n + text(link).length, 0);
  return linkChars >= MIN_CONTENTS_LINK_SHARE * text(list).length;
}

/** The element before `el` in reading order at its level or above (its previous sibling, or its parent's). */
function previousOf(el: Element, root: Element): Element | null {
  for (let at: Element | null = el; at && at !== root; at = at.parentElement) if (at.previousElementSibling) return at.previousElementSibling;
  return null;
}

/**
 * Removes navigation from Readability's article element, in place: `<nav>` and
 * `role="navigation"` elements, tables of contents (lists of links into the page) with their
 * label, and "Table of contents" labels left alone. `page` is the document's address.
 */
export function dropNavigation(article: Element, page: string): void {
  // The article's text is read where a first `<nav>` is weighed, before anything is removed (most articles have none).
  let total: number | undefined;
  // A `<nav>` that holds most of the article is a site that wraps its content in one: it stays.
  for (const nav of Array.from(article.querySelectorAll('nav, [role="navigation" i]'))) {
    total ??= text(article).length;
    if (article.contains(nav) && text(nav).length <= total * MAX_NAV_SHARE) nav.remove();
  }
  for (const list of Array.from(article.querySelectorAll('ul, ol'))) {
    if (!article.contains(list) || list.parentElement?.closest('ul, ol') || !contentsList(list, page)) continue;
    const label = previousOf(list, article);
    if (label && CONTENTS_LABEL.test(text(label))) label.remove();
    list.remove();
  }
  // A label whose list Readability dropped already (a collapsed box, a list built by a script).
  for (const line of Array.from(article.querySelectorAll('p, div, span, h2, h3, h4, h5, h6, strong, b, summary, button'))) {
    if (!article.contains(line) || line.querySelector('p, div, li, ul, ol, table, pre') || !CONTENTS_LABEL.test(text(line))) continue;
    const next = line.nextElementSibling;
    if (next && (next.tagName === 'UL' || next.tagName === 'OL')) continue;
    line.remove();
  }
}
