import { describe, expect, it } from 'vitest';
import { contentHash, isWebUrl, siteOf } from '@/lib/library/page-identity';
import { cyrb53 } from '@/lib/extract/content-hash';

describe('page identity', () => {
  it('keeps content hashes stable across versions (stored hashes decide "unchanged" on a revisit)', () => {
    // Values computed by the first released implementation: a change here re-indexes every revisited page.
    expect(contentHash('', '')).toBe('0fcc4eeb27845a0');
    expect(contentHash('Ünïcödé 日本', 'text \u{1F600} more')).toBe('07d48bd13725eac');
  });

  it('hashes page text with the same cyrb53 as the capture scheduler, parts equal to their concatenation', () => {
    // Values of the scheduler's former copy of the hash.
    expect(cyrb53('')).toBe('0bdcb81aee8d83');
    expect(cyrb53('ü€😀 text')).toBe('1e403b79923a08');
    expect(cyrb53('Gleaner ', 'reads pages.')).toBe(cyrb53('Gleaner reads pages.'));
  });

  it('tells different titles and texts apart, and the boundary between them', () => {
    expect(contentHash('a', 'bc')).not.toBe(contentHash('ab', 'c'));
    expect(contentHash('t', 'x')).not.toBe(contentHash('t', 'y'));
    expect(contentHash('t', 'same')).toBe(contentHash('t', 'same'));
  });

  it('names a page by its host without www', () => {
    expect(siteOf('https://www.Example.org/a?b')).toBe('example.org');
    expect(siteOf('not a url')).toBe('');
  });
});

describe('isWebUrl', () => {
  it('is true only for http and https pages', () => {
    expect(isWebUrl('https://example.org/a')).toBe(true);
    expect(isWebUrl('HTTP://example.org')).toBe(true);
    for (const url of [undefined, '', 'chrome://extensions', 'about:blank', 'file:///tmp/a.html', 'moz-extension://x/sidepanel.html']) expect(isWebUrl(url)).toBe(false);
  });
});
