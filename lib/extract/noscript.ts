/**
 * Pages whose content is only in `<noscript>`: script-rendered forums (Flarum, Discourse) serve
 * their posts there for readers without scripts, and draw them with scripts otherwise. Where the
 * scripts did not draw them (turned off, blocked, or failed), the page shows nothing but that
 * fallback, which every reader skips (`<noscript>` is usually a tracking pixel or "please enable
 * JavaScript"). This rule reads it where it holds clearly more text than the rest of the page.
 */
import { nonSpaceLength } from './word-count';

/** `<noscript>` is read only when it holds at least this many non-space characters… */
const MIN_NOSCRIPT_CHARS = 500;
/** …and more than this many times the text of the rest of the page. */
const MIN_SHARE = 2;

const UNSEEN = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/**
 * The content of one `<noscript>`: its child nodes where the parser read them as markup (scripts
 * off), else its text parsed as markup in an inert template (scripts on: the parser kept it as
 * text). Undefined where that parse is refused (a page's Trusted Types policy).
 */
function contentOf(noscript: Element): Node[] | undefined {
  if (noscript.childElementCount > 0 || !(noscript.textContent ?? '').includes('<')) return Array.from(noscript.childNodes);
  try {
    const template = noscript.ownerDocument.createElement('template');
    template.innerHTML = noscript.textContent ?? '';
    return Array.from(template.content.childNodes);
  } catch {
    return undefined;
  }
}

/** Non-space text of `root` outside scripts, styles, templates and `<noscript>`. */
function shownLength(root: Node): number {
  let length = 0;
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) length += nonSpaceLength(child.nodeValue);
    else if (child.nodeType === 1 && !UNSEEN.has((child as Element).tagName.toUpperCase())) length += shownLength(child);
  }
  return length;
}

/**
 * A copy of `doc` with each `<noscript>` of its body replaced by its content, when that content is
 * what the page has to read (see above); undefined otherwise (the common case, decided cheaply:
 * the rest of the page is measured only when a `<noscript>` holds enough text).
 */
export function withNoscriptContent(doc: Document): Document | undefined {
  const noscripts = doc.body ? Array.from(doc.body.querySelectorAll('noscript')) : [];
  if (noscripts.length === 0) return undefined;
  // Raw text (scripts on) counts its markup too: a cheap upper bound, refined after parsing.
  if (noscripts.reduce((sum, el) => sum + nonSpaceLength(el.textContent), 0) < MIN_NOSCRIPT_CHARS) return undefined;
  // Weighed on the page itself, which it only reads (text is parsed in an inert template), and copied only when read:
  // a copy of the whole page is not free, and most pages with that much in <noscript> do not pass.
  let hidden = 0;
  for (const noscript of noscripts) {
    const content = contentOf(noscript);
    if (!content) return undefined;
    hidden += content.reduce((sum, node) => sum + (node.nodeType === 1 && UNSEEN.has((node as Element).tagName.toUpperCase()) ? 0 : nonSpaceLength(node.textContent)), 0);
  }
  if (hidden < MIN_NOSCRIPT_CHARS || hidden <= MIN_SHARE * shownLength(doc.body!)) return undefined;
  const clone = doc.cloneNode(true) as Document;
  for (const noscript of Array.from(clone.body!.querySelectorAll('noscript'))) {
    const content = contentOf(noscript);
    if (!content) return undefined;
    noscript.replaceWith(...content);
  }
  return clone;
}
