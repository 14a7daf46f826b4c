/**
 * Mozilla Readability with some per-node costs cut, and the same result. Readability 0.6.0 walks every
 * element of the page and asks a few questions of each; three of them cost more than their answer needs:
 *
 * - `_isValidByline`, asked of every element until a byline is found, joins and trims the element's whole
 *   text (`textContent`) before it looks at the element's name: the `<body>`'s text, then each section's,
 *   and so on down (a cost that grows with the page's depth). Here the name is looked at first.
 * - `_isElementWithoutContent`, asked of every `<div>`, `<section>`, `<header>` and heading, also joins the
 *   element's whole text, to learn whether any of it is not white space. Here the walk stops at the first
 *   text that is not.
 * - `_isProbablyVisible` reads `element.style`, which builds a style declaration for every element. An
 *   element without a `style` attribute has no inline display or visibility to read.
 */
import { Readability } from '@mozilla/readability';
import { nonSpaceLengthUpTo } from './word-count';

/** What the overrides read of Readability's own state (not in its type declarations). */
interface ReadabilityInternals {
  REGEXPS: { byline: RegExp };
}

export class LeanReadability<T = string> extends Readability<T> {
  /** Readability's `_isValidByline`, with its checks in the cheap order. */
  _isValidByline(node: Element, matchString: string): boolean {
    const itemprop = node.getAttribute('itemprop');
    const named = node.getAttribute('rel') === 'author' || (itemprop?.includes('author') ?? false) || (this as unknown as ReadabilityInternals).REGEXPS.byline.test(matchString);
    if (!named) return false;
    const length = (node.textContent ?? '').trim().length;
    return length > 0 && length < 100;
  }

  /** Readability's `_isElementWithoutContent`: no text but white space, and no child but `<br>` and `<hr>`. */
  _isElementWithoutContent(node: Element): boolean {
    // Read node by node, and no further than the first text that is not white space (as `trim` sees it).
    if (node.nodeType !== 1 || nonSpaceLengthUpTo(node, 0) > 0) return false;
    const children = node.children.length;
    return !children || children === node.getElementsByTagName('br').length + node.getElementsByTagName('hr').length;
  }

  /** Readability's `_isProbablyVisible`: not hidden by its inline style, `hidden` or `aria-hidden` (bar Wikimedia's math images). */
  _isProbablyVisible(node: Element): boolean {
    const style = node.hasAttribute('style') ? (node as HTMLElement).style : undefined;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
    if (node.hasAttribute('hidden')) return false;
    return node.getAttribute('aria-hidden') !== 'true' || (typeof node.className === 'string' && node.className.includes('fallback-image'));
  }
}
