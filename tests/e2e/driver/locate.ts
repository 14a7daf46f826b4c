/**
 * Resolves a driver query (see ./types.ts) in the page. It is serialized into the
 * page by both drivers, so it must stay self-contained: no imports, no helpers
 * from outside, no named inner functions (bundlers may wrap those with helpers
 * the page does not have).
 */
export const locate = (input: { query: string; count?: boolean }): Element | number | null => {
  const normal = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const matches = (actual: string, wanted: string) =>
    wanted.startsWith('~') ? actual.includes(wanted.slice(1)) : wanted.endsWith('*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
  const labelled = (el: Element) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return normal(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return normal(
        by
          .split(' ')
          .map((id) => el.ownerDocument.getElementById(id)?.textContent)
          .join(' '),
      );
    return '';
  };
  const nameOf = (el: Element) =>
    labelled(el) || normal((el as HTMLElement).innerText ?? el.textContent) || normal(el.getAttribute('title')) || normal((el as HTMLInputElement).value);
  const roles: Record<string, string> = {
    button: 'button, [role=button], input[type=button], input[type=submit]',
    link: 'a[href], [role=link]',
    tab: '[role=tab]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    radio: 'input[type=radio], [role=radio]',
    alert: '[role=alert]',
    status: '[role=status]',
    searchbox: 'input[type=search], [role=searchbox]',
    region: 'section[aria-label], [role=region]',
  };
  const step = (scope: ParentNode, part: string): Element[] => {
    const colon = part.indexOf(':');
    const kind = part.slice(0, colon);
    const arg = part.slice(colon + 1);
    if (kind === 'css') return [...scope.querySelectorAll(arg)];
    if (kind === 'testid') return [...scope.querySelectorAll(`[data-testid="${arg}"]`)];
    if (kind === 'text') {
      // The innermost elements whose own text matches.
      const hits = [...scope.querySelectorAll('*')].filter((el) => !el.closest('head, script, style') && matches(normal(el.textContent), arg));
      return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
    }
    if (kind === 'label') {
      const controls = [...scope.querySelectorAll('input, textarea, select')];
      return controls.filter((el) => {
        if (matches(labelled(el), arg)) return true;
        const labels = (el as HTMLInputElement).labels;
        return !!labels && [...labels].some((label) => matches(normal(label.textContent), arg));
      });
    }
    const selector = roles[kind];
    if (!selector) throw new Error(`Unknown query kind "${kind}" in "${part}"`);
    const found = [...scope.querySelectorAll(selector)];
    if (kind === 'checkbox' || kind === 'radio') {
      return found.filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        return matches(labelled(el), arg) || (!!labels && [...labels].some((label) => matches(normal(label.textContent), arg)));
      });
    }
    return arg === '' ? found : found.filter((el) => matches(nameOf(el), arg));
  };
  let scopes: ParentNode[] = [document];
  for (const part of input.query.split(' >> ')) scopes = scopes.flatMap((scope) => step(scope, part));
  const elements = scopes as Element[];
  if (input.count) return elements.length;
  // Rendered elements first (an input hidden visually but present still counts).
  return elements.find((el) => el.getClientRects().length > 0) ?? null;
};

/**
 * tsx (the scripts' runner) keeps function names by wrapping functions in a
 * `__name` helper that evaluated code does not have; every page the drivers open
 * gets a harmless one, so scripts (npm run bench:*) can use the drivers too.
 */
export const KEEP_NAMES = 'globalThis.__name ??= (f) => f';
