import { browser } from 'wxt/browser';
import type { Tokenizer } from '@/lib/tokens/types';
import { createTokenizerCache } from '@/lib/tokens/registry';
import { extensionTokenizerFiles } from '@/lib/tokens/extension-files';

let cache: ((spec: string) => Promise<Tokenizer>) | null = null;

/** Loads a tokenizer by name in a view, from the files bundled with the extension (parsed once per view). */
export function loadViewTokenizer(name: string): Promise<Tokenizer> {
  cache ??= createTokenizerCache(extensionTokenizerFiles(browser.runtime.getURL('/')));
  return cache(name);
}
