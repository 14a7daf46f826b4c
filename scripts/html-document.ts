/**
 * Node-side documents for the scripts and tests: jsdom parses saved pages the
 * way a browser would (no scripts run, no resources load).
 */
import { JSDOM, VirtualConsole } from 'jsdom';

/** Parses `html` as a document served at `url`. */
export function parseHtml(html: string, url: string, contentType = 'text/html'): Document {
  // A silent console: saved pages carry CSS jsdom cannot parse, which is noise here.
  const virtualConsole = new VirtualConsole();
  return new JSDOM(html, { url, contentType, virtualConsole }).window.document;
}
