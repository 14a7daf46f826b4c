import { describe, expect, it } from 'vitest';
import { segmentTokens } from '@/lib/tokens/segments';
import { encodeWithTemplate, chatTemplateFor } from '@/lib/tokens/chat-template';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';

describe('segmentTokens', () => {
  it('splits text into per-token pieces that join back into the text', async () => {
    for (const name of ['llama-3', 'gpt-4o', 'qwen2.5']) {
      const tokenizer = await loadTokenizer(name, nodeTokenizerFiles);
      const text = 'Größe 北京市 naïve 🙂 tokens\n\tindented  code();';
      const segments = segmentTokens(tokenizer, tokenizer.encode(text));
      expect(segments.map((s) => s.text).join('')).toBe(text);
      // A character split over byte tokens appears once, on the token that completes it.
      expect(segments.filter((s) => s.partial).every((s) => s.text === '')).toBe(true);
    }
  });

  it('marks special tokens and shows their names', async () => {
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const ids = encodeWithTemplate(llama, chatTemplateFor(llama)!, 'Hi');
    const segments = segmentTokens(llama, ids);
    expect(segments[0]).toMatchObject({ id: 128000, special: true });
    expect(segments.filter((s) => s.special).map((s) => s.text)).toContain('<|eot_id|>');
  });
});
