import { describe, expect, it } from 'vitest';
import { MAX_CAPTURE_CHARS, decideCapture, hostInSite, matchesSitePattern, normalizeSite, type PolicyPage } from '@/lib/capture/policy';
import { siteOf } from '@/lib/library/page-identity';
import { MAX_TEXT_CHARS } from '@/lib/library/ingest';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

const settings = (patch: Partial<Settings['capture']> = {}): Settings['capture'] => ({ ...structuredClone(DEFAULT_SETTINGS.capture), ...patch });
const article = (patch: Partial<PolicyPage> = {}): PolicyPage => ({
  hasPasswordField: false,
  wordCount: 600,
  isArticle: true,
  text: 'words '.repeat(600),
  contentType: 'text/html',
  ...patch,
});
const normal = { incognito: false };
const URL_ = 'https://blog.example.com/2024/a-post';

describe('decideCapture', () => {
  it('captures an ordinary article', () => {
    expect(decideCapture(URL_, article(), normal, settings())).toEqual({ capture: true });
  });

  it('never captures a private window, whatever else is true', () => {
    expect(decideCapture(URL_, article(), { incognito: true }, settings())).toMatchObject({ capture: false, reason: 'incognito' });
  });

  it.each(['file:///home/me/a.html', 'chrome://settings', 'about:blank', 'ftp://example.com/x', 'not a url'])('refuses %s (only http/https)', (url) => {
    expect(decideCapture(url, article(), normal, settings())).toMatchObject({ capture: false, reason: 'not-http' });
  });

  it('honours the global pause', () => {
    expect(decideCapture(URL_, article(), normal, settings({ paused: true }))).toMatchObject({ capture: false, reason: 'paused' });
  });

  it('honours per-site exclusion, subdomains included', () => {
    const s = settings({ excludedSites: ['example.com'] });
    expect(decideCapture(URL_, article(), normal, s)).toMatchObject({ capture: false, reason: 'excluded', detail: expect.stringContaining('example.com') });
    expect(decideCapture('https://example.org/', article(), normal, s)).toEqual({ capture: true });
    expect(decideCapture('https://notexample.com/', article(), normal, s)).toEqual({ capture: true });
  });

  it.each([
    'https://mail.google.com/mail/u/0/#inbox',
    'https://www.paypal.com/myaccount/summary',
    'https://secure.chase.com/web/auth/dashboard',
    'https://mychart.hospital.org/MyChart/Billing',
    'https://news.example.com/login?next=/',
    'https://shop.example.com/checkout/step-2',
    'https://accounts.google.com/signin/v2',
    'https://example.com/auth/callback',
  ])('skips the sensitive page %s with the default list', (url) => {
    expect(decideCapture(url, article(), normal, settings())).toMatchObject({ capture: false, reason: 'sensitive' });
  });

  // Issue 11 item 5: each of these was captured before.
  it.each([
    'https://news.example.com/en/login',
    'https://shop.example.com/account/signin',
    'https://mail.example.org/u/0/checkout',
    'https://www.example.com/u/0/checkout?step=2',
    'https://example.com/de/Sign-In/',
    'https://example.com/%6Cogin',
    'https://www.mail.example.com/inbox',
    'https://WWW.Mail.Example.com./inbox',
    'https://login.example.com./',
  ])('skips the sensitive page %s wherever the word sits and however the host is written (issue 11 item 5)', (url) => {
    expect(decideCapture(url, article(), normal, settings())).toMatchObject({ capture: false, reason: 'sensitive' });
  });

  it('normalises hosts once for exclusions: case, trailing dot, www. (issue 11 item 5)', () => {
    const s = settings({ excludedSites: ['excluded.test'] });
    for (const url of ['https://excluded.test./a', 'https://EXCLUDED.test/a', 'https://www.excluded.test../a', 'https://a.excluded.test./b']) {
      expect(decideCapture(url, article(), normal, s)).toMatchObject({ capture: false, reason: 'excluded' });
    }
    expect(decideCapture('https://a/b', article(), normal, settings({ excludedSites: ['www.Excluded.Test.'] }))).toEqual({ capture: true });
    expect(decideCapture('https://excluded.test./', article(), normal, settings({ excludedSites: ['www.Excluded.Test.'] }))).toMatchObject({ reason: 'excluded' });
  });

  it('keeps ordinary articles whose path merely contains a sensitive word inside a segment', () => {
    for (const url of ['https://blog.example.com/2024/why-blogging', 'https://example.com/catalogue/item', 'https://example.com/author/jane']) {
      expect(decideCapture(url, article(), normal, settings())).toEqual({ capture: true });
    }
  });

  it('lets the person edit the sensitive list', () => {
    const url = 'https://mail.example.com/inbox';
    expect(decideCapture(url, article(), normal, settings())).toMatchObject({ reason: 'sensitive' });
    expect(decideCapture(url, article(), normal, settings({ sensitiveSites: [] }))).toEqual({ capture: true });
    expect(decideCapture(URL_, article(), normal, settings({ sensitiveSites: ['blog.example.com/2024'] }))).toMatchObject({ reason: 'sensitive' });
  });

  it('skips pages with a password field unless the person allows them', () => {
    const page = article({ hasPasswordField: true });
    expect(decideCapture(URL_, page, normal, settings())).toMatchObject({ capture: false, reason: 'password' });
    expect(decideCapture(URL_, page, normal, settings({ skipPasswordPages: false }))).toEqual({ capture: true });
  });

  it('skips tiny pages, non-articles and non-text documents', () => {
    expect(decideCapture(URL_, article({ wordCount: 12 }), normal, settings())).toMatchObject({ reason: 'too-short', detail: expect.stringContaining('12 words') });
    expect(decideCapture(URL_, article({ isArticle: false }), normal, settings())).toMatchObject({ reason: 'not-article' });
    expect(decideCapture(URL_, article({ contentType: 'image/png' }), normal, settings())).toMatchObject({ reason: 'not-text' });
  });

  it('refuses a 20 MB page whole, with its size in the reason (never truncates)', () => {
    const text = 'x'.repeat(20 * 1024 * 1024);
    const decision = decideCapture(URL_, article({ text, wordCount: 3_000_000 }), normal, settings());
    expect(decision).toEqual({ capture: false, reason: 'too-large', detail: 'Page too large to index (21.0 MB of text > 1.0 MB limit).' });
  });

  it('uses the same text ceiling as the library ingest, so an accepted page is never cut there', () => {
    expect(MAX_CAPTURE_CHARS).toBe(MAX_TEXT_CHARS);
    expect(decideCapture(URL_, article({ text: 'x'.repeat(MAX_TEXT_CHARS) }), normal, settings())).toEqual({ capture: true });
  });

  it('judges a URL alone (before extraction) without page checks', () => {
    expect(decideCapture(URL_, undefined, normal, settings({ minWords: 10_000 }))).toEqual({ capture: true });
  });
});

describe('site helpers', () => {
  it('normalizes what people type as a site', () => {
    expect(normalizeSite(' https://www.Example.com/path ')).toBe('example.com');
    expect(normalizeSite('news.example.com/x')).toBe('news.example.com');
    expect(normalizeSite('localhost:8080')).toBe('localhost');
    expect(siteOf('https://www.example.com/a')).toBe('example.com');
    expect(siteOf('https://WWW.Example.com./a')).toBe('example.com');
    expect(normalizeSite('www.example.com.')).toBe('example.com');
    expect(hostInSite('a.b.example.com', 'example.com')).toBe(true);
    expect(hostInSite('badexample.com', 'example.com')).toBe(false);
  });

  it('matches host and path globs', () => {
    const url = new URL('https://www.bank.example/signin/step');
    expect(matchesSitePattern(url, '*.bank.example')).toBe(true);
    expect(matchesSitePattern(url, '*/signin*')).toBe(true);
    expect(matchesSitePattern(url, '*/login*')).toBe(false);
    expect(matchesSitePattern(new URL('https://example.com/'), '*.example.com')).toBe(true);
  });
});
