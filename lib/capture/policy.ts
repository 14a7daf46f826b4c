/**
 * The capture policy: which pages the library keeps. A pure function of the
 * page (or just its URL), who sent it and the capture settings, enforced in
 * the background (a web page cannot talk its way past it).
 */
import type { ExtractedPage } from '../extract/types';
import type { Settings } from '../settings';
import { normalizeHost, siteOf } from '../library/page-identity';

/** Why a page was not captured. */
export type SkipReason = 'incognito' | 'settings' | 'not-http' | 'paused' | 'excluded' | 'sensitive' | 'password' | 'not-text' | 'too-large' | 'too-short' | 'not-article';

/** The policy's verdict, with a sentence a person understands. */
export type CaptureDecision = { capture: true } | { capture: false; reason: SkipReason; detail: string };

/**
 * Largest page text the library indexes, in characters (the ingest's own
 * ceiling): a larger page is refused whole with a reason, never cut short
 * without telling anyone.
 */
export const MAX_CAPTURE_CHARS = 1_000_000; // = MAX_TEXT_CHARS of lib/library/ingest (a test keeps them equal; not imported so views stay free of Dexie)

/** What the policy knows about the sender. */
export interface CaptureSender {
  incognito: boolean;
}

/** The page facts the policy reads (a subset of ExtractedPage). */
export type PolicyPage = Pick<ExtractedPage, 'hasPasswordField' | 'wordCount' | 'isArticle' | 'text'> & Partial<Pick<ExtractedPage, 'contentType'>>;

// PDFs count as text once pdf.js has read them (the viewer's own empty document never reaches the policy as a PDF page).
const TEXT_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain', 'application/xml', 'text/xml', 'application/pdf']);

/** Normalizes what a person typed as a site ("https://www.Example.com./x" → "example.com"). */
export function normalizeSite(input: string): string {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return '';
  const host = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? siteOf(trimmed) : (trimmed.split('/')[0] ?? '');
  return normalizeHost(host.replace(/:\d+$/, ''));
}

/** True when `host` is `site` or one of its subdomains (both normalized: case, trailing dot, `www.`). */
export function hostInSite(host: string, site: string): boolean {
  const h = normalizeHost(host);
  const s = normalizeSite(site);
  return s !== '' && (h === s || h.endsWith(`.${s}`));
}

function globSource(glob: string): string {
  return glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`, 'i');
}

/**
 * True when `url` matches a sensitive-site pattern: `host` or `host/path`
 * globs where `*` matches anything. Hosts are compared in their normal form
 * (lower case, no trailing dot, `www.` or not), so `mail.*` also matches
 * `www.mail.example.com`; `*.example.com` also matches `example.com`. A path
 * glob matches at the start of *any* path segment, so `*\/login*` catches
 * `/login`, `/en/login` and `/account/login?next=…` alike.
 */
export function matchesSitePattern(url: URL, pattern: string): boolean {
  const trimmed = pattern.trim().toLowerCase();
  if (!trimmed) return false;
  const slash = trimmed.indexOf('/');
  const hostGlob = (slash === -1 ? trimmed : trimmed.slice(0, slash)).replace(/\.+$/, '');
  const pathGlob = slash === -1 ? '' : trimmed.slice(slash);
  const raw = url.hostname.toLowerCase().replace(/\.+$/, '');
  const hosts = [normalizeHost(raw), raw];
  const hostRe = globToRegExp(hostGlob);
  const hostMatches = hostGlob === '*' || hosts.some((host) => hostRe.test(host) || (hostGlob.startsWith('*.') && host === hostGlob.slice(2)));
  if (!hostMatches) return false;
  if (pathGlob === '') return true;
  const pathRe = new RegExp(`^(?:.*/)?${globSource(pathGlob.slice(1))}`, 'i');
  let decoded = url.pathname;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape: the raw path is still checked.
  }
  return pathRe.test(url.pathname) || pathRe.test(decoded);
}

function megabytes(chars: number): string {
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}

/** What the person is told when their capture settings cannot be read. */
const SETTINGS_UNREADABLE_DETAIL = 'Gleaner could not read your capture settings, so it captures nothing until it can (reopen the browser; your settings are kept).';

/**
 * Decides whether a page may be captured (pass `page` = undefined to judge the
 * URL alone). `settings` is null when they could not be read: then nothing is
 * captured (fail closed: a pause or an exclusion may be among what was lost).
 */
export function decideCapture(url: string, page: PolicyPage | undefined, sender: CaptureSender, settings: Settings['capture'] | null): CaptureDecision {
  if (sender.incognito) return { capture: false, reason: 'incognito', detail: 'Private windows are never captured.' };
  if (!settings) return { capture: false, reason: 'settings', detail: SETTINGS_UNREADABLE_DETAIL };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { capture: false, reason: 'not-http', detail: 'Only web pages (http and https) are captured.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { capture: false, reason: 'not-http', detail: 'Only web pages (http and https) are captured.' };
  }
  if (settings.paused) return { capture: false, reason: 'paused', detail: 'Capture is paused.' };
  const site = siteOf(url);
  const excluded = settings.excludedSites.find((s) => hostInSite(parsed.hostname, s));
  if (excluded) return { capture: false, reason: 'excluded', detail: `You chose not to capture ${normalizeSite(excluded)}.` };
  const sensitive = settings.sensitiveSites.find((pattern) => matchesSitePattern(parsed, pattern));
  if (sensitive) {
    return { capture: false, reason: 'sensitive', detail: `${site} looks private (matches "${sensitive}" in your sensitive sites).` };
  }
  if (!page) return { capture: true };

  if (page.contentType && !TEXT_TYPES.has(page.contentType.toLowerCase())) {
    return { capture: false, reason: 'not-text', detail: `Not a text page (${page.contentType}).` };
  }
  if (settings.skipPasswordPages && page.hasPasswordField) {
    return { capture: false, reason: 'password', detail: 'The page has a password field.' };
  }
  if (page.text.length > MAX_CAPTURE_CHARS) {
    return {
      capture: false,
      reason: 'too-large',
      detail: `Page too large to index (${megabytes(page.text.length)} of text > ${megabytes(MAX_CAPTURE_CHARS)} limit).`,
    };
  }
  if (page.wordCount < settings.minWords) {
    return { capture: false, reason: 'too-short', detail: `Too short to index (${page.wordCount} words < ${settings.minWords}).` };
  }
  if (!page.isArticle) return { capture: false, reason: 'not-article', detail: 'Not an article (no readable main text).' };
  return { capture: true };
}
