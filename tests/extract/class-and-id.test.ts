import { describe, expect, it } from 'vitest';
import { classAndId } from '@/lib/extract/visible-text';
import { parseHtml } from '../../scripts/html-document';

describe('classAndId (lib/extract/visible-text.ts)', () => {
  const doc = parseHtml(
    `<body>
      <form id="cart-drawer" class="drawer"><input name="id" value="4412"></form>
      <div class="share bar" id="what-are-cookies-and-how-we-use-them"></div>
      <section></section>
    </body>`,
    'https://example.org/',
  );
  const [form, div, section] = ['form', 'div', 'section'].map((tag) => doc.querySelector(tag)!);

  it('reads the id attribute, not the property a form control named "id" shadows', () => {
    // In a browser the form's `id` property is its <input name="id"> (jsdom does not shadow it); the attribute is the name.
    expect(classAndId(form!)).toBe('drawer cart-drawer');
  });

  it('leaves out an id of more parts than asked (an anchor named after its text), and keeps the class', () => {
    expect(classAndId(div!)).toBe('share bar what-are-cookies-and-how-we-use-them');
    expect(classAndId(div!, 4)).toBe('share bar ');
    expect(classAndId(form!, 2)).toBe('drawer cart-drawer');
    expect(classAndId(section!)).toBe(' ');
  });
});
