/**
 * Readability sometimes keeps a page's sidebar: on a thread whose posts are each short (a Reddit
 * or Lemmy thread), the community's rules or description in the sidebar are the longest prose of
 * the page. The sidebar is named so in the markup (`class="side"`, `id="sidebarInfo"`,
 * `role="complementary"`); where the text Readability kept sits inside such an element, the
 * page's content is elsewhere.
 */
import { locateKept } from './thread-posts';
import { classAndId } from './visible-text';

/** A class or id naming a sidebar: "side", "sidebar", "sidebar-right", "sidebarInfo" (not "sideshow" or "sidenav"). */
const SIDEBAR_NAME = /^(side|sidebar)($|[-_A-Z0-9])/;

function isSidebar(el: Element): boolean {
  if (el.getAttribute('role')?.toLowerCase() === 'complementary') return true;
  const names = classAndId(el).split(/\s+/);
  return names.some((name) => SIDEBAR_NAME.test(name));
}

/** Whether the text `kept` (Readability's reading), found at `start` in `doc`, sits inside an element of `doc` named as a sidebar. */
export function keptInSidebar(doc: Document, kept: string, start = locateKept(doc, kept)): boolean {
  for (let el = start; el && el !== doc.body; el = el.parentElement) if (isSidebar(el)) return true;
  return false;
}
