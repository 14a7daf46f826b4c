// Reads the text to count straight from the tab (run by the Tokens view, an extension
// page): the selection — including one inside a text field — or the page's visible
// text. executeScript results travel by structured clone, so 10 MB is fine.

/** The part of `browser.scripting` this needs. */
export interface ScriptingApi {
  executeScript(injection: { target: { tabId: number; allFrames?: boolean; frameIds?: number[] }; func: () => string }): Promise<{ frameId?: number; result?: unknown }[]>;
}

/** Runs in the page: the selected text, also inside <textarea>/<input>. */
function selectedText(): string {
  const active = document.activeElement;
  if (active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === 'text')) {
    const { selectionStart, selectionEnd, value } = active;
    if (selectionStart !== null && selectionEnd !== null && selectionEnd > selectionStart) {
      return value.slice(selectionStart, selectionEnd);
    }
  }
  return window.getSelection()?.toString() ?? '';
}

/** Runs in the page: the text a person sees on it. */
function pageText(): string {
  return document.body?.innerText ?? document.documentElement.textContent ?? '';
}

/** The selection of a tab (from `frameId` when it has one, else any frame), or the page text. */
export async function readTabText(scripting: ScriptingApi, tabId: number, source: 'selection' | 'page', frameId = 0): Promise<string> {
  if (source === 'page') {
    const [top] = await scripting.executeScript({ target: { tabId, frameIds: [0] }, func: pageText });
    return typeof top?.result === 'string' ? top.result : '';
  }
  const results = await scripting.executeScript({ target: { tabId, allFrames: true }, func: selectedText });
  const texts = results.filter((r) => typeof r.result === 'string' && r.result.length > 0);
  const preferred = texts.find((r) => r.frameId === frameId) ?? texts[0];
  return (preferred?.result as string | undefined) ?? '';
}
