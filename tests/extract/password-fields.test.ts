import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPasswordFieldIn } from '@/lib/extract/password-fields';
import { extractPage } from '@/lib/extract/extract-page';
import { parseHtml } from '../../scripts/html-document';
import { readabilityPagesDir } from '../support/fixtures';

// Real saved pages (Mozilla Readability's test pages, Apache-2.0). jsdom has no layout, so
// visibility is proven in Chromium (tests/e2e/security.e2e.ts); here: where the field sits.
const PAGES = readabilityPagesDir;
const source = (name: string) => readFileSync(path.join(PAGES, name, 'source.html'), 'utf8');
const URL_ = 'https://example.com/2015/04/story';
const doc = (html: string) => parseHtml(html, URL_);
const article = source('001');
const withExtra = (extra: string) => article.replace(/<\/body>/i, `${extra}</body>`);

describe('hasPasswordFieldIn (issue 11 item 5)', () => {
  it('does not count the sign-in box in the site header of the real Ars Technica page', () => {
    const ars = doc(source('ars-1'));
    expect(ars.querySelector('input[type="password"]')).not.toBeNull();
    expect(hasPasswordFieldIn(ars)).toBe(false);
    expect(extractPage(ars, URL_).hasPasswordField).toBe(false);
  });

  it('counts a password form in the content, whatever case its type is written in', () => {
    expect(hasPasswordFieldIn(doc(withExtra('<form><input type="PassWord"></form>')))).toBe(true);
    expect(hasPasswordFieldIn(doc(withExtra('<main><header><form><input type="password"></form></header></main>')))).toBe(true);
    expect(hasPasswordFieldIn(doc(article))).toBe(false);
  });

  it.each([
    ['the navigation', '<nav><input type="password"></nav>'],
    ['a banner', '<div role="banner"><input type="password"></div>'],
    ['the site footer', '<footer><input type="password"></footer>'],
    ['a dialog', '<dialog><input type="password"></dialog>'],
  ])('does not count a field in %s', (_where, extra) => {
    expect(hasPasswordFieldIn(doc(withExtra(extra)))).toBe(false);
  });

  it('finds a field in an open shadow root', () => {
    const page = doc(withExtra('<div id="host"></div>'));
    page.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<form><input type="password"></form>';
    expect(hasPasswordFieldIn(page)).toBe(true);
  });

  it.each(['section', 'span', 'sign-in-box'])('finds a field in the shadow root of a <%s> (the hosts the probe asks)', (tag) => {
    const page = doc(withExtra(`<${tag} id="host"></${tag}>`));
    page.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<form><input type="password"></form>';
    expect(hasPasswordFieldIn(page)).toBe(true);
  });

  it('leaves shadow roots to the full probe when asked without them (the extraction: the background asks every frame with the full probe)', () => {
    const page = doc(withExtra('<sign-in-box id="host"></sign-in-box>'));
    page.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<form><input type="password"></form>';
    expect(hasPasswordFieldIn(page)).toBe(true);
    expect(hasPasswordFieldIn(page, false)).toBe(false);
    expect(extractPage(page, URL_).hasPasswordField).toBe(false);
    // A field in the page's own tree is still found without them.
    expect(hasPasswordFieldIn(doc(withExtra('<form><input type="password"></form>')), false)).toBe(true);
  });
});
