import { describe, expect, it } from 'vitest';
import { createRouter, describeSender, dispatch, isExtensionPageSender } from '@/lib/messaging/router';
import { ValidationError } from '@/lib/messaging/errors';
import { expectHttpUrl, expectObject, expectString } from '@/lib/messaging/validate';
import type { Handlers, SenderInfo } from '@/lib/messaging/protocol';

interface TestProtocol {
  'page.save': { req: { url: string }; res: { saved: string } };
  'admin.wipe': { req: Record<string, never>; res: { wiped: true } };
}

const handlers: Handlers<TestProtocol> = {
  'page.save': ({ url }) => ({ saved: url }),
  'admin.wipe': () => ({ wiped: true }),
};
const validators = {
  'page.save': (data: unknown) => ({ url: expectHttpUrl(expectObject(data, 'page.save').url, 'url') }),
};
const fromPage: SenderInfo = { fromContentScript: true, incognito: false, tabId: 3, url: 'https://example.com/' };
const fromPanel: SenderInfo = { fromContentScript: false, incognito: false };

describe('dispatch', () => {
  it('runs the handler for extension pages', async () => {
    await expect(dispatch(handlers, 'admin.wipe', {}, fromPanel)).resolves.toEqual({ wiped: true });
  });

  it('refuses messages a web page may not send, and validates the ones it may', async () => {
    const options = { contentScriptValidators: validators };
    await expect(dispatch(handlers, 'admin.wipe', {}, fromPage, options)).rejects.toThrow(ValidationError);
    await expect(dispatch(handlers, 'page.save', { url: 'javascript:alert(1)' }, fromPage, options)).rejects.toThrow('only http(s) pages');
    await expect(dispatch(handlers, 'page.save', { url: 'https://example.com/a', extra: 'dropped' }, fromPage, options)).resolves.toEqual({ saved: 'https://example.com/a' });
  });

  it('refuses unknown and inherited names', async () => {
    await expect(dispatch(handlers, 'toString', {}, fromPanel)).rejects.toThrow('Unknown message');
  });
});

describe('createRouter', () => {
  const router = createRouter<TestProtocol>('background', handlers, {
    extensionOrigin: 'chrome-extension://abc',
    contentScriptValidators: validators,
  });

  it('ignores messages for another target so that context can answer', () => {
    expect(router({ gleaner: 1, target: 'host', type: 'admin.wipe', data: {} }, {})).toBeUndefined();
    expect(router({ hello: 'not ours' }, {})).toBeUndefined();
  });

  it('answers with an ok envelope or a serialized error', async () => {
    const fromSidePanel = { url: 'chrome-extension://abc/sidepanel.html' };
    await expect(router({ gleaner: 1, target: 'background', type: 'admin.wipe', data: {} }, fromSidePanel)).resolves.toEqual({ ok: true, value: { wiped: true } });
    const fromTab = { tab: { id: 1, index: 0, windowId: 1, incognito: false } as never, url: 'https://evil.example/' };
    await expect(router({ gleaner: 1, target: 'background', type: 'admin.wipe', data: {} }, fromTab)).resolves.toMatchObject({ ok: false, error: { name: 'ValidationError' } });
  });
});

describe('who is an extension page (issue 11, item 3)', () => {
  const origin = 'chrome-extension://abc';

  it('trusts only frames inside the extension origin, and a sender without a URL not at all', () => {
    expect(isExtensionPageSender({ url: 'chrome-extension://abc/sidepanel.html' }, origin)).toBe(true);
    expect(isExtensionPageSender({ url: 'chrome-extension://abc/background.js' }, origin)).toBe(true);
    expect(isExtensionPageSender({ url: 'http://127.0.0.1:8080/x.html' }, origin)).toBe(false);
    // A look-alike origin that merely starts with ours.
    expect(isExtensionPageSender({ url: 'chrome-extension://abcd/sidepanel.html' }, origin)).toBe(false);
    expect(isExtensionPageSender({}, origin)).toBe(false);
    expect(isExtensionPageSender(undefined, origin)).toBe(false);
  });

  it('counts a sender without a tab but with a web URL as a content script', () => {
    expect(describeSender({ url: 'https://evil.example/' }, origin).fromContentScript).toBe(true);
    expect(describeSender({ url: 'chrome-extension://abc/popup.html' }, origin).fromContentScript).toBe(false);
  });
});

describe('validators', () => {
  it('bound sizes', () => {
    expect(() => expectString('x'.repeat(11), 'title', 10)).toThrow('too long');
    expect(() => expectObject([], 'req')).toThrow('expected an object');
  });
});
