import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Extension } from './harness';

// The switcher in the Chat header: what can answer here, chosen without leaving Chat.
describe('the model switcher in Chat', () => {
  let ext: Extension;

  beforeAll(async () => {
    ext = await launchExtension();
    // The test engine answers; a server is set up as well (its address only: choosing it saves the settings, nothing is sent).
    await ext.worker.evaluate(() =>
      chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test', serverUrl: 'http://127.0.0.1:9/v1', serverModel: 'llama3.2' } } }),
    );
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('offers the engine in use and the configured server, and switching saves the engine settings', async () => {
    const panel = await ext.openPage('sidepanel.html#chat');
    const select = panel.getByTestId('model-switch');
    // It appears once the engine host answers (a cold start under load takes a while).
    await select.waitFor({ timeout: 60_000 });
    const labels = await select.locator('option').allTextContents();
    expect(labels).toEqual(['Gleaner test engine (not a model)', 'llama3.2 on http://127.0.0.1:9/v1']);
    await select.selectOption({ label: 'llama3.2 on http://127.0.0.1:9/v1' });
    const engine = () => ext.worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { engine: { backend: string } }).engine.backend);
    await expect.poll(engine, { timeout: 10_000 }).toBe('openai');
    await expect.poll(() => select.inputValue()).toBe('openai:llama3.2');
    await panel.close();
  });
});
