import { describe, expect, it } from 'vitest';
import { ORIGIN_RULE_ID, allowServerOrigin, isLoopbackHost, serverOriginAdvice, serverOriginRule, type OriginRule, type SessionRules } from '@/lib/engine/server-origin';

const ID = 'abcdefghijklmnopabcdefghijklmnop';

describe('the Origin-removal rule for a local server', () => {
  it('drops only this extension’s Origin header, only on fetches, only to that one origin', () => {
    expect(serverOriginRule('http://localhost:11434/v1', ID, ORIGIN_RULE_ID.configured)).toEqual({
      id: 1,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
      condition: { urlFilter: '|http://localhost:11434/', initiatorDomains: [ID], resourceTypes: ['xmlhttprequest'] },
    });
    expect(serverOriginRule('http://127.0.0.1:1234/v1', ID, 2)?.condition.urlFilter).toBe('|http://127.0.0.1:1234/');
    expect(serverOriginRule('http://[::1]:8080/v1', ID, 2)?.condition.urlFilter).toBe('|http://[::1]:8080/');
  });

  it('leaves a server elsewhere, a non-http address and an unknown extension alone', () => {
    expect(serverOriginRule('https://llm.example.com/v1', ID, 1)).toBeNull();
    expect(serverOriginRule('http://192.168.1.20:11434/v1', ID, 1)).toBeNull();
    expect(serverOriginRule('http://localhost.evil.com:11434/v1', ID, 1)).toBeNull();
    expect(serverOriginRule('file:///tmp/x', ID, 1)).toBeNull();
    expect(serverOriginRule('not a url', ID, 1)).toBeNull();
    expect(serverOriginRule('http://localhost:11434/v1', '', 1)).toBeNull();
    expect(isLoopbackHost('127.0.0.53')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });

  it('replaces the rule of its id, removes it for a server that needs none, and never throws', async () => {
    const calls: { removeRuleIds?: number[]; addRules?: OriginRule[] }[] = [];
    const rules: SessionRules = { updateSessionRules: async (options) => void calls.push(options) };
    expect(await allowServerOrigin(rules, 'http://localhost:11434/v1', ID, 1)).toBe(true);
    expect(await allowServerOrigin(rules, 'https://llm.example.com/v1', ID, 1)).toBe(false);
    expect(calls).toEqual([{ removeRuleIds: [1], addRules: [serverOriginRule('http://localhost:11434/v1', ID, 1)] }, { removeRuleIds: [1] }]);
    expect(await allowServerOrigin(null, 'http://localhost:11434/v1', ID, 1)).toBe(false);
    const broken: SessionRules = { updateSessionRules: () => Promise.reject(new Error('no permission')) };
    expect(await allowServerOrigin(broken, 'http://localhost:11434/v1', ID, 1)).toBe(false);
  });

  it('tells what to set on a server elsewhere, with this browser’s extension scheme', () => {
    expect(serverOriginAdvice('firefox')).toContain('OLLAMA_ORIGINS=moz-extension://*');
    expect(serverOriginAdvice('chrome')).toContain('OLLAMA_ORIGINS=chrome-extension://*');
  });
});
