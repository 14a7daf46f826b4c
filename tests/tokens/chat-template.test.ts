import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat as encodeChatCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { chatTemplateFor, encodeWithTemplate, messageParts } from '@/lib/tokens/chat-template';
import { countTokens } from '@/lib/tokens/counting';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';

const message = 'Summarize this page in three sentences, please.';

describe('chat templates', () => {
  it('writes GPT-4o and GPT-4 chats as gpt-tokenizer encodeChat does', async () => {
    const gpt4o = await loadTokenizer('gpt-4o', nodeTokenizerFiles);
    const gpt4 = await loadTokenizer('gpt-4', nodeTokenizerFiles);
    expect(encodeWithTemplate(gpt4o, chatTemplateFor(gpt4o)!, message)).toEqual(encodeChat([{ role: 'user', content: message }], 'gpt-4o'));
    expect(encodeWithTemplate(gpt4, chatTemplateFor(gpt4)!, message)).toEqual(encodeChatCl100k([{ role: 'user', content: message }], 'gpt-4'));
  });

  it('gives Llama 3 the ids of its rendered template string', async () => {
    // The real tokenizer parses special tokens inside text: encoding the rendered
    // Jinja output (tokenizer_config.json) must give the same ids as our parts.
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const rendered = `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${message}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`;
    expect(encodeWithTemplate(llama, chatTemplateFor(llama)!, message)).toEqual(llama.encode(rendered));
  });

  it('gives Qwen2.5 and SmolLM2 their ChatML with default system prompts', async () => {
    for (const [name, system] of [
      ['qwen2.5', 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.'],
      ['smollm2', 'You are a helpful AI assistant named SmolLM, trained by Hugging Face'],
    ] as const) {
      const tokenizer = await loadTokenizer(name, nodeTokenizerFiles);
      const rendered = `<|im_start|>system\n${system}<|im_end|>\n<|im_start|>user\n${message}<|im_end|>\n<|im_start|>assistant\n`;
      expect(encodeWithTemplate(tokenizer, chatTemplateFor(tokenizer)!, message)).toEqual(tokenizer.encode(rendered));
    }
  });

  it('recognizes the template of an unnamed tokenizer.json from its special tokens', async () => {
    const { nodeTokenizerPath } = await import('@/lib/tokens/node-files');
    const byPath = await loadTokenizer(nodeTokenizerPath('llama-3'), nodeTokenizerFiles);
    expect(chatTemplateFor(byPath)?.family).toBe('llama-3');
  });

  it('counts more with the template than without, the same through countTokens', async () => {
    const llama = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const plain = await countTokens(llama, messageParts(llama, message, false));
    const templated = await countTokens(llama, messageParts(llama, message, true));
    expect(plain.tokens).toBe(llama.count(message));
    expect(templated.tokens).toBe(encodeWithTemplate(llama, chatTemplateFor(llama)!, message).length);
    expect(templated.tokens).toBeGreaterThan(plain.tokens);
  });
});
