import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testEngineReply, testEngineTokens } from '@/lib/engine/test-engine';
import type { ChatMessage } from '@/lib/engine/types';

/**
 * A small OpenAI-compatible server on 127.0.0.1 that speaks the real SSE wire
 * format, so the OpenAI adapter is tested over real HTTP. Its replies come from
 * the test engine's deterministic rule (it is not a model). Special model
 * names make it misbehave the way real servers do:
 *  - `malformed`: a `data:` line that is not JSON;
 *  - `cut-off`: the connection closes mid-reply, without [DONE];
 *  - `crlf-split`: CRLF line ends, each event split across many TCP writes;
 *  - `forbidden`: 403 like Ollama without OLLAMA_ORIGINS;
 *  - `overflow`: 400 "maximum context length exceeded";
 *  - `error-event`: an `error` object inside the stream.
 * Options make the whole server behave like a default Ollama: `refuseExtensionOrigin`
 * answers 403 to any request whose Origin is a browser extension's (Ollama without
 * OLLAMA_ORIGINS), `listContext: false` lists models without a context length, and
 * `/api/tags` answers as Ollama's native model list does.
 */
export interface OpenAISseServer {
  baseUrl: string;
  /** Requests received, for asserting where the adapter sent them. */
  requests: { method: string; url: string; authorization?: string; origin?: string }[];
  close(): Promise<void>;
}

const MODELS = ['gleaner-test-engine', 'malformed', 'cut-off', 'crlf-split', 'forbidden', 'overflow', 'error-event'];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the server; `tokenDelayMs` spaces the streamed events. */
export async function startOpenAISseServer(
  options: { tokenDelayMs?: number; apiKey?: string; refuseExtensionOrigin?: boolean; listContext?: boolean } = {},
): Promise<OpenAISseServer> {
  const delay = options.tokenDelayMs ?? 2;
  const requests: OpenAISseServer['requests'] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, origin: req.headers.origin });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid api key' } }));
      return;
    }
    if (options.refuseExtensionOrigin && /^(chrome|moz)-extension:\/\//.test(req.headers.origin ?? '')) {
      // Ollama's CORS check: an empty 403 for an origin it does not allow.
      res.writeHead(403).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', ...(options.listContext === false ? {} : { max_model_len: 8192 }) })) }));
      return;
    }
    if (req.method === 'GET' && req.url === '/api/tags') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ models: MODELS.map((name) => ({ name, model: name, size: 1 })) }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such route' } }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as { model: string; messages: ChatMessage[]; max_tokens?: number };
    if (body.model === 'forbidden') {
      res.writeHead(403).end();
      return;
    }
    if (body.model === 'overflow') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: "This model's maximum context length is 8192 tokens" } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const eol = body.model === 'crlf-split' ? '\r\n' : '\n';
    const send = async (data: string) => {
      const event = `data: ${data}${eol}${eol}`;
      if (body.model === 'crlf-split') {
        for (let i = 0; i < event.length; i += 7) {
          res.write(event.slice(i, i + 7));
          await sleep(0);
        }
      } else res.write(event);
    };
    let closed = false;
    res.on('close', () => (closed = true));
    const pieces = testEngineTokens(testEngineReply(body.messages));
    const limit = body.max_tokens ?? Infinity;
    res.write(`: keep-alive comment${eol}${eol}`);
    let sent = 0;
    for (const piece of pieces) {
      if (closed) return;
      if (sent >= limit) break;
      await sleep(delay);
      if (body.model === 'malformed' && sent === 2) {
        res.write(`data: {"choices": [{"delta": {"content": "oops"${eol}${eol}`);
      }
      if (body.model === 'error-event' && sent === 1) {
        await send(JSON.stringify({ error: { message: 'the model crashed' } }));
        res.end();
        return;
      }
      if (body.model === 'cut-off' && sent === 3) {
        res.socket?.destroy();
        return;
      }
      await send(JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }));
      sent += 1;
    }
    const finish = sent < pieces.length ? 'length' : 'stop';
    await send(JSON.stringify({ id: 'x', choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
    await send(JSON.stringify({ id: 'x', choices: [], usage: { prompt_tokens: 11, completion_tokens: sent, total_tokens: 11 + sent } }));
    await send('[DONE]');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
