/**
 * Does a frame show a password field in its content? The capture policy skips
 * such pages (sign-in and payment forms). Two mistakes to avoid:
 *  - missing a field because it sits in a shadow root (open or closed) or in
 *    an iframe: the content script asks this of its own frame, and the
 *    background asks it again of every frame of the tab (cross-origin iframes
 *    included) before a capture is stored;
 *  - refusing an ordinary article because the site's header hides a sign-in
 *    box (a real Ars Technica page does): only a *visible* field *in the
 *    content* counts, not one in the site's header, navigation, footer, side
 *    bars or dialogs.
 *
 * `hasPasswordFieldIn` is self-contained (no imports, no outer variables) so
 * `scripting.executeScript({ func })` can run it in any frame.
 */

/**
 * True when `doc` (default: this frame's document) shows a password field in its content.
 * `shadowRoots: false` skips the walk for shadow roots (a call per element of the page): for the
 * extraction, whose answer the background trusts only when it is true, and checks with the full probe otherwise.
 */
export function hasPasswordFieldIn(doc?: Document, shadowRoots = true): boolean {
  const root = doc ?? document;
  // Site chrome: a field here is a site-wide sign-in box, not what the page is about.
  const CHROME = 'nav, aside, dialog, [role="navigation" i], [role="banner" i], [role="contentinfo" i], [role="complementary" i], [role="dialog" i], [role="search" i]';
  const CONTENT = 'article, main, [role="main" i]';
  // Without a layout engine (jsdom in the extract CLI) nothing has a box: count every field as visible. Asked only of a
  // page with a password field: asking lays the page out, which a page just loaded has not always done yet.
  let hasLayout: boolean | undefined;
  const extensionDom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(el: Element): ShadowRoot | null } } }).chrome?.dom;
  // A content script may open closed shadow roots too (Chrome: chrome.dom; Firefox: openOrClosedShadowRoot).
  // The accessor is chosen once: it runs for every element of the page.
  const firefoxShadow = root.documentElement !== null && 'openOrClosedShadowRoot' in root.documentElement;
  let shadowOf: (el: Element) => ShadowRoot | null | undefined = firefoxShadow
    ? (el) => (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot
    : (el) => el.shadowRoot;
  if (extensionDom?.openOrClosedShadowRoot && root.documentElement) {
    try {
      // Tried once: outside an extension (a test's stand-in `chrome`) it may throw.
      extensionDom.openOrClosedShadowRoot(root.documentElement);
      const open = extensionDom.openOrClosedShadowRoot.bind(extensionDom);
      // Only HTML elements can host a shadow root, and chrome.dom throws on any other
      // (inline SVG or MathML): asking those would fail the capture of the whole page.
      shadowOf = (el) => (el.namespaceURI === 'http://www.w3.org/1999/xhtml' ? open(el) : null);
    } catch {
      // Open shadow roots only.
    }
  }
  const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);
  const parentOf = (node: Element): Element | null => node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null;
  const inSiteChrome = (field: Element): boolean => {
    for (let node: Element | null = field; node; node = parentOf(node)) {
      if (node.matches(CHROME)) return true;
      if (node.matches(CONTENT)) return false;
      // A header or footer outside the article and main content is the site's banner or footer.
      if (node.matches('header, footer')) {
        let outer = parentOf(node);
        while (outer && !outer.matches(CONTENT)) outer = parentOf(outer);
        if (!outer) return true;
      }
    }
    return false;
  };
  const visible = (field: HTMLInputElement): boolean => {
    hasLayout ??= (root.documentElement?.getClientRects?.().length ?? 0) > 0;
    if (!hasLayout) return true;
    const rects = field.getClientRects();
    if (rects.length === 0) return false;
    const box = field.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) return false;
    const style = field.ownerDocument.defaultView?.getComputedStyle(field);
    return !style || (style.visibility !== 'hidden' && style.visibility !== 'collapse' && style.opacity !== '0');
  };

  const roots: (Document | ShadowRoot)[] = [root];
  for (let i = 0; i < roots.length; i++) {
    const current = roots[i]!;
    const inputs = current.querySelectorAll('input');
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j]!;
      if ((input.getAttribute('type') ?? '').trim().toLowerCase() === 'password' && visible(input) && !inSiteChrome(input)) return true;
    }
    // Shadow roots, open or closed, hang only from custom elements (a hyphen in the name) and these
    // (DOM's "valid shadow host name"; `attachShadow` throws on any other): the others are not asked,
    // which spares a call per element of the page. A tree walker visits them: reading a static list by index took
    // twice as long in Chromium, in code that runs cold in each page (and jsdom walks a live collection again at each index).
    if (shadowRoots) {
      const walker = (current.ownerDocument ?? (current as Document)).createTreeWalker(current, 1 /* NodeFilter.SHOW_ELEMENT */);
      for (let el = walker.nextNode() as Element | null; el; el = walker.nextNode() as Element | null) {
        const name = el.localName;
        if (!SHADOW_HOSTS.has(name) && !name.includes('-')) continue;
        const shadow = shadowOf(el);
        if (shadow) roots.push(shadow);
      }
    }
    // Same-origin frames (and about:blank ones a page fills by script); cross-origin ones are asked by the background.
    const frames = current.querySelectorAll('iframe, frame');
    for (let j = 0; j < frames.length; j++) {
      try {
        const inner = (frames[j] as HTMLIFrameElement).contentDocument;
        if (inner && inner !== root) roots.push(inner);
      } catch {
        // Cross-origin: not readable from here.
      }
    }
  }
  return false;
}
