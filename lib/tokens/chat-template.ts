import type { Tokenizer } from './types';
import { encodeParts } from './counting';

// Chat templates, hand-written per family from each model's tokenizer_config.json
// `chat_template` (rendered for one user message with the generation prompt), because
// that — not the bare text — is what fills the context. Running the Jinja templates
// themselves would need a Jinja engine in the extension for six fixed strings.
//
// A template is a list of parts: special tokens become their single id, text parts are
// encoded separately — exactly as Hugging Face tokenizers split a rendered template
// at its special tokens before encoding the text between them.

export type TemplatePart = { special: string } | { text: string };

/** A family's chat template for one user message. */
export interface ChatTemplate {
  family: string;
  /** The parts around one user message; `{ text: CONTENT }` marks where it goes. */
  parts: (content: string) => TemplatePart[];
}

const sp = (special: string): TemplatePart => ({ special });
const tx = (text: string): TemplatePart => ({ text });

function chatml(systemPrompt: string | null): ChatTemplate['parts'] {
  return (content) => [
    ...(systemPrompt === null ? [] : [sp('<|im_start|>'), tx(`system\n${systemPrompt}`), sp('<|im_end|>'), tx('\n')]),
    sp('<|im_start|>'),
    tx(`user\n${content}`),
    sp('<|im_end|>'),
    tx('\n'),
    sp('<|im_start|>'),
    tx('assistant\n'),
  ];
}

/** The templates Gleaner knows, by family. */
const CHAT_TEMPLATES: Record<string, ChatTemplate> = {
  // Meta-Llama-3 tokenizer_config.json: BOS, header, trimmed content, <|eot_id|>, assistant header.
  'llama-3': {
    family: 'llama-3',
    parts: (content) => [
      sp('<|begin_of_text|>'),
      sp('<|start_header_id|>'),
      tx('user'),
      sp('<|end_header_id|>'),
      tx(`\n\n${content.trim()}`),
      sp('<|eot_id|>'),
      sp('<|start_header_id|>'),
      tx('assistant'),
      sp('<|end_header_id|>'),
      tx('\n\n'),
    ],
  },
  // Qwen2.5 adds its default system prompt when the conversation has none.
  'qwen2.5': { family: 'qwen2.5', parts: chatml('You are Qwen, created by Alibaba Cloud. You are a helpful assistant.') },
  qwen3: { family: 'qwen3', parts: chatml(null) },
  smollm2: { family: 'smollm2', parts: chatml('You are a helpful AI assistant named SmolLM, trained by Hugging Face') },
  // OpenAI's chat format as gpt-tokenizer's encodeChat writes it for GPT-4 and GPT-4o.
  openai: {
    family: 'openai',
    parts: (content) => [sp('<|im_start|>'), tx('user'), sp('<|im_sep|>'), tx(content), sp('<|im_end|>'), sp('<|im_start|>'), tx('assistant'), sp('<|im_sep|>')],
  },
  'gemma-2': {
    family: 'gemma-2',
    parts: (content) => [sp('<bos>'), sp('<start_of_turn>'), tx(`user\n${content.trim()}`), sp('<end_of_turn>'), tx('\n'), sp('<start_of_turn>'), tx('model\n')],
  },
  'phi-3': {
    family: 'phi-3',
    parts: (content) => [sp('<|user|>'), tx(`\n${content}`), sp('<|end|>'), tx('\n'), sp('<|assistant|>'), tx('\n')],
  },
};

/**
 * The chat template for a tokenizer: by its name when it is a named one, otherwise
 * recognized from the special tokens its vocabulary has. Null when none fits.
 */
export function chatTemplateFor(tokenizer: Tokenizer): ChatTemplate | null {
  const byName: Record<string, string> = {
    'llama-3': 'llama-3',
    'qwen2.5': 'qwen2.5',
    qwen3: 'qwen3',
    smollm2: 'smollm2',
    'gpt-4o': 'openai',
    'gpt-4': 'openai',
  };
  const named = byName[tokenizer.name];
  if (named) return CHAT_TEMPLATES[named]!;
  const has = (token: string) => tokenizer.specialTokenId?.(token) !== undefined;
  if (has('<|start_header_id|>') && has('<|eot_id|>')) return CHAT_TEMPLATES['llama-3']!;
  if (has('<start_of_turn>')) return CHAT_TEMPLATES['gemma-2']!;
  if (has('<|user|>') && has('<|assistant|>')) return CHAT_TEMPLATES['phi-3']!;
  if (has('<|im_start|>') && has('<|im_end|>')) return CHAT_TEMPLATES.qwen3!;
  return null;
}

/** Ids of one user message as the model sees it, with its chat template's special tokens. */
export function encodeWithTemplate(tokenizer: Tokenizer, template: ChatTemplate, content: string): number[] {
  return encodeParts(tokenizer, template.parts(content));
}

/**
 * What to count for a text: the text alone, or the text inside the tokenizer's chat
 * template. Throws when a template is asked for and none fits the tokenizer.
 */
export function messageParts(tokenizer: Tokenizer, text: string, withTemplate: boolean): TemplatePart[] {
  if (!withTemplate) return [{ text }];
  const template = chatTemplateFor(tokenizer);
  if (!template) throw new Error(`No chat template is known for ${tokenizer.name}.`);
  return template.parts(text);
}
