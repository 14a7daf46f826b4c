import { cyrb53 } from '../extract/content-hash';

/**
 * How a page is identified in the library: its site (for filters and
 * "delete site") and a hash of its content (for dedupe).
 */

/**
 * The one normal form of a host name, used wherever hosts are compared (sites,
 * exclusions, sensitive patterns): lower case, without trailing dots
 * (`example.com.` is the same host) and without a leading `www.`.
 */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
}

/** True for an http(s) URL: a web page Gleaner may read (not a browser, extension or file page). */
export function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}

/** The site of a URL: its normalized host name (empty when it is not a URL). */
export function siteOf(url: string): string {
  try {
    return normalizeHost(new URL(url).hostname);
  } catch {
    return '';
  }
}

/** A 53-bit hash (cyrb53) of a page's title and text, as hex, with the text's length: equal content, equal hash. */
export function contentHash(title: string, text: string): string {
  return cyrb53(title, '\u0000', text) + text.length.toString(16);
}
