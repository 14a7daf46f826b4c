/**
 * Private (incognito) tabs: nothing read from one may be written to disk.
 * Automatic capture already refuses them (lib/capture/policy.ts);
 * on-demand reading (ask about this page, the selection, summaries) still
 * works, and this module keeps what it produces out of the saved
 * conversations. The background remembers which pages it read from a private
 * tab in `storage.session`, which lives in memory only and is gone when the
 * browser closes, and refuses to save a conversation that names one of them.
 */
import type { ConversationDraft } from './conversation';

/** The part of `storage.session` used here (an in-memory area in tests). */
export interface PrivatePageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** What the person is told: in the Chat view, and as the error of a refused save. */
export const PRIVATE_NOT_SAVED = 'Private window: nothing from this tab is saved. This conversation is kept only while the panel is open.';

/** One key per page (no read-modify-write of a shared list, so concurrent reads lose nothing). */
const keyOf = (url: string) => `answers.private.${withoutFragment(url)}`;

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** Records that these addresses (a tab's URL, the page's canonical URL) were read from a private tab. */
export async function rememberPrivatePage(area: PrivatePageArea, urls: readonly (string | undefined)[]): Promise<void> {
  const items: Record<string, true> = {};
  for (const url of urls) if (url) items[keyOf(url)] = true;
  await area.set(items);
}

/** Every address a conversation names: its scope's page or tabs and the pages of its sources. */
function addressesOf(draft: ConversationDraft): string[] {
  const urls: string[] = [];
  const scope = draft.scope;
  if ((scope.kind === 'page' || scope.kind === 'selection') && scope.url) urls.push(scope.url);
  if (scope.kind === 'tabs') urls.push(...(scope.urls ?? []));
  for (const turn of draft.turns ?? []) for (const source of turn.sources ?? []) if (source.url) urls.push(source.url);
  return urls;
}

/** True when the conversation names a page read from a private tab (then it must not be saved). */
export async function isPrivateConversation(area: PrivatePageArea, draft: ConversationDraft): Promise<boolean> {
  const keys = [...new Set(addressesOf(draft).map(keyOf))];
  if (keys.length === 0) return false;
  const found = await Promise.all(keys.map(async (key) => (await area.get(key))[key] === true));
  return found.some(Boolean);
}
