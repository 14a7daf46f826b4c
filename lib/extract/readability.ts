/**
 * Mozilla Readability with one per-node cost cut, and the same result. Until it has found a byline,
 * Readability 0.6.0 asks `_isValidByline` of every element it walks, and that joins and trims the
 * element's whole text (`textContent`) before looking at its name: the `<body>`'s text, then each
 * section's, and so on down (a cost that grows with the page's depth). Here the name is looked at
 * first, and the text only of the few elements named as a byline.
 */
import { Readability } from '@mozilla/readability';

/** What the override reads of Readability's own state (not in its type declarations). */
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
}
