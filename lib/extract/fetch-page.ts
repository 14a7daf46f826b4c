/**
 * Fetching a page again to read it (the history import): a plain GET with no
 * cookies or credentials (`credentials: 'omit'`), so nothing of the person's
 * sessions is sent and no site sees them logged in; HTML only, size-capped,
 * with a timeout. The HTML is parsed with the context's DOMParser (an
 * offscreen document on Chrome, the background page on Firefox: never the
 * service worker, which has no DOM) and extracted like a captured page.
 */
import { extractPage } from './extract-page';
import type { ExtractedPage } from './types';

/** Largest HTML document read, in bytes. */
const MAX_FETCH_BYTES = 5 * 1024 * 1024;
/** A page that has not answered by then is skipped. */
const FETCH_TIMEOUT_MS = 20_000;

/** A page fetched and extracted, or why not (in words). */
export type FetchedPage = { ok: true; page: ExtractedPage } | { ok: false; reason: 'fetch-failed' | 'not-found' | 'not-text'; detail: string };

export interface FetchPageDeps {
  fetch: typeof fetch;
  parse(html: string): Document;
  timeoutMs?: number;
}

/** The request options of every history fetch: no cookies, no referrer. */
const FETCH_INIT: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow', cache: 'no-cache' };

export async function fetchAndExtract(url: string, deps: FetchPageDeps): Promise<FetchedPage> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs ?? FETCH_TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await deps.fetch(url, { ...FETCH_INIT, signal: controller.signal });
    } catch (error) {
      return { ok: false, reason: 'fetch-failed', detail: controller.signal.aborted ? 'no answer in time' : String((error as Error)?.message ?? error) };
    }
    if (!response.ok) return { ok: false, reason: 'not-found', detail: `HTTP ${response.status}` };
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && type !== 'text/html' && type !== 'application/xhtml+xml') return { ok: false, reason: 'not-text', detail: type };
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_FETCH_BYTES) return { ok: false, reason: 'not-text', detail: 'larger than 5 MB' };
    const html = await response.text();
    if (html.length > MAX_FETCH_BYTES) return { ok: false, reason: 'not-text', detail: 'larger than 5 MB' };
    const finalUrl = response.url || url;
    const doc = deps.parse(html);
    // Relative links and canonical URLs resolve against the page's address, not the extension's.
    if (!doc.querySelector('base[href]')) {
      const base = doc.createElement('base');
      base.href = finalUrl;
      doc.head?.prepend(base);
    }
    return { ok: true, page: { ...extractPage(doc, finalUrl), contentType: type || 'text/html' } };
  } finally {
    clearTimeout(timer);
  }
}
