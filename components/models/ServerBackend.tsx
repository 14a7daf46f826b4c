import { useState } from 'preact/hooks';
import { DEFAULT_SERVER_CONTEXT, normalizeBaseUrl, testServerConnection, type ConnectionTestResult } from '@/lib/engine/openai-adapter';
import { ORIGIN_RULE_ID, allowServerOrigin, browserSessionRules, extensionHost, serverOriginAdvice } from '@/lib/engine/server-origin';
import type { EngineConfig } from '@/lib/messaging/protocol';

/** Drops the extension's Origin header for `url` where the browser allows it (Chrome, a server on this machine). */
function allowOrigin(url: string, id: number): Promise<boolean> {
  let base = url;
  try {
    base = normalizeBaseUrl(url);
  } catch {
    // not an address: the test or the save says so
  }
  return allowServerOrigin(browserSessionRules(), base, extensionHost(), id);
}

/**
 * Bring your own server: address (a scheme is optional), optional key, a connection test that
 * chats as Gleaner will (and explains failures), model picked from /v1/models, the context window.
 */
export function ServerBackend(props: { config: EngineConfig; onSave: (patch: Partial<EngineConfig>) => Promise<void>; onSaved?: () => void }) {
  const [url, setUrl] = useState(props.config.serverUrl || 'http://localhost:11434/v1');
  const [apiKey, setApiKey] = useState(props.config.serverApiKey);
  const [model, setModel] = useState(props.config.serverModel);
  const [contextWindow, setContextWindow] = useState(props.config.serverContextWindow ? String(props.config.serverContextWindow) : '');
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [saved, setSaved] = useState<{ ok: boolean; message: string } | null>(null);

  const test = async () => {
    setTesting(true);
    setSaved(null);
    try {
      // The test must meet what chat will meet: the same header rule chat gets once saved.
      await allowOrigin(url, ORIGIN_RULE_ID.testing);
      const outcome = await testServerConnection(url, apiKey, undefined, model);
      setResult(outcome);
      if (outcome.chatModel) setModel(outcome.chatModel);
      else if (!outcome.models.some((m) => m.id === model) && outcome.models[0]) setModel(outcome.models[0].id);
    } finally {
      setTesting(false);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    // The address in the field is what is saved (not the last one tested), written as the adapter will use it.
    let serverUrl: string;
    try {
      serverUrl = normalizeBaseUrl(url);
    } catch (error) {
      setSaved({ ok: false, message: (error as Error).message });
      return;
    }
    const windowTokens = Number.parseInt(contextWindow, 10);
    await allowOrigin(serverUrl, ORIGIN_RULE_ID.configured);
    await props.onSave({ backend: 'openai', serverUrl, serverApiKey: apiKey, serverModel: model, serverContextWindow: windowTokens > 0 ? windowTokens : 0 });
    setUrl(serverUrl);
    const tested = result?.ok && result.baseUrl === serverUrl && result.chatModel === model;
    setSaved({
      ok: true,
      message: `Saved: Gleaner now answers with “${model}” on ${serverUrl}.${tested ? '' : ' It was not tested with these settings yet: the first answer will tell if it works.'}`,
    });
    props.onSaved?.();
  };

  const listed = result?.models.find((m) => m.id === model)?.contextWindow;
  const refused = result && !result.ok && /\(403\)/.test(result.message);

  return (
    <form class="card server-backend" onSubmit={save} aria-labelledby="server-title">
      <h3 id="server-title">Your own server</h3>
      <p class="muted">Any OpenAI-compatible server: Ollama, LM Studio, llama.cpp, vLLM. Gleaner sends requests only to this address.</p>
      <label>
        Server address
        {/* type=text: the browser's URL check would refuse `localhost:11434`, which is how servers print their address. */}
        <input
          type="text"
          inputMode="url"
          spellcheck={false}
          required
          value={url}
          onInput={(e) => {
            setUrl((e.target as HTMLInputElement).value);
            setSaved(null);
          }}
          placeholder="localhost:11434"
        />
      </label>
      <label>
        API key (optional)
        <input type="password" autocomplete="off" value={apiKey} onInput={(e) => setApiKey((e.target as HTMLInputElement).value)} />
      </label>
      <div class="row">
        <button type="button" onClick={test} disabled={testing}>
          {testing ? 'Testing (a one-word chat)…' : 'Test connection'}
        </button>
      </div>
      {result && (
        <div role="status" class={result.ok ? 'ok' : 'engine-error'} data-ok={String(result.ok)}>
          <p class={result.ok ? '' : 'error'}>{result.message}</p>
          {result.hint && !refused && <p class="muted">{result.hint}</p>}
          {refused && <p class="muted">{serverOriginAdvice(import.meta.env.FIREFOX ? 'firefox' : 'chrome')}</p>}
        </div>
      )}
      <label for="server-model">Server model</label>
      {result && result.models.length > 0 ? (
        <select id="server-model" value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value)}>
          {result.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id}
              {m.contextWindow ? ` (${m.contextWindow.toLocaleString()} tokens)` : ''}
            </option>
          ))}
        </select>
      ) : (
        <input id="server-model" value={model} onInput={(e) => setModel((e.target as HTMLInputElement).value)} placeholder="Test the connection to list models" />
      )}
      <label>
        Context window (tokens)
        <input
          type="number"
          min={512}
          step={1}
          value={contextWindow}
          onInput={(e) => setContextWindow((e.target as HTMLInputElement).value)}
          placeholder={listed ? `${listed.toLocaleString()} (the server’s figure)` : `${DEFAULT_SERVER_CONTEXT.toLocaleString()} (assumed)`}
        />
      </label>
      <p class="muted">
        {listed
          ? `The server says ${listed.toLocaleString()} tokens; set a number only if it runs with another.`
          : `Ollama does not report it, so Gleaner assumes ${DEFAULT_SERVER_CONTEXT.toLocaleString()} and summarizes longer pages in parts. If the server runs with more (Ollama: OLLAMA_CONTEXT_LENGTH or num_ctx), enter it here.`}
      </p>
      <button type="submit" class="primary" disabled={!model}>
        Use this server
      </button>
      {saved && (
        <p role="status" class={saved.ok ? 'saved' : 'error'} data-testid="server-saved">
          {saved.message}
        </p>
      )}
    </form>
  );
}
