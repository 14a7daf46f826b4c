/** Reading Mozilla Readability's saved test pages (tests/fixtures/readability-pages) in tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHtml } from '../../scripts/html-document';
import { readabilityPagesDir as PAGES_DIR } from '../support/fixtures';
/** The URL Readability's own test suite serves these pages at. */
export const FIXTURE_URL = 'http://fakehost/test/page.html';

export interface ExpectedMetadata {
  title: string | null;
  byline: string | null;
  lang: string | null;
  dir: string | null;
  excerpt: string | null;
  siteName: string | null;
  publishedTime: string | null;
  readerable: boolean;
}

/** Path of a fixture file. */
export function fixturePath(name: string, file = 'source.html'): string {
  return path.join(PAGES_DIR, name, file);
}

/** The saved page as a fresh document. */
export function sourceDocument(name: string): Document {
  return parseHtml(readFileSync(fixturePath(name), 'utf8'), FIXTURE_URL);
}

/** The gold article text: the text content of Readability's expected output. */
export function goldText(name: string): string {
  return parseHtml(readFileSync(fixturePath(name, 'expected.html'), 'utf8'), FIXTURE_URL).body.textContent ?? '';
}

/** Readability's expected metadata of the page. */
export function expectedMetadata(name: string): ExpectedMetadata {
  return JSON.parse(readFileSync(fixturePath(name, 'expected-metadata.json'), 'utf8'));
}
