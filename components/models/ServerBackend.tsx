import { useState } from 'preact/hooks';
import { testServerConnection, type ConnectionTestResult } from '@/lib/engine/openai-adapter';
import type { EngineConfig } from '@/lib/messaging/protocol';

/** Bring your own server: address, optional key, connection test that explains failures, model picked from /v1/models. */
export function ServerBackend(props: { config: EngineConfig; onSave: (patch: Partial<EngineConfig>) => Promise<void> }) {
  const [url, setUrl] = useState(props.config.serverUrl || 'http://localhost:11434/v1');
  const [apiKey, setApiKey] = useState(props.config.serverApiKey);
  const [model, setModel] = useState(props.config.serverModel);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);

  const test = async () => {
    setTesting(true);
    try {
      const outcome = await testServerConnection(url, apiKey);
      setResult(outcome);
      if (outcome.ok && !outcome.models.some((m) => m.id === model) && outcome.models[0]) setModel(outcome.models[0].id);
    } finally {
      setTesting(false);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    await props.onSave({ backend: 'openai', serverUrl: result?.baseUrl ?? url, serverApiKey: apiKey, serverModel: model });
  };

  return (
    <form class="card server-backend" onSubmit={save} aria-labelledby="server-title">
      <h3 id="server-title">Your own server</h3>
      <p class="muted">Any OpenAI-compatible server: Ollama, LM Studio, llama.cpp, vLLM. Gleaner sends requests only to this address.</p>
      <label>
        Server address
        <input type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} placeholder="http://localhost:11434/v1" />
      </label>
      <label>
        API key (optional)
        <input type="password" autocomplete="off" value={apiKey} onInput={(e) => setApiKey((e.target as HTMLInputElement).value)} />
      </label>
      <div class="row">
        <button type="button" onClick={test} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {result && (
        <div role="status" class={result.ok ? 'ok' : 'engine-error'}>
          <p class={result.ok ? '' : 'error'}>{result.message}</p>
          {result.hint && <p class="muted">{result.hint}</p>}
        </div>
      )}
      <label for="server-model">Server model</label>
      {result?.ok && result.models.length > 0 ? (
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
      <button type="submit" class="primary" disabled={!model}>
        Use this server
      </button>
    </form>
  );
}
