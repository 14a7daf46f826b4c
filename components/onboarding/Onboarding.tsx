import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { createEngineClient } from '@/lib/engine/client';
import { probeCapabilities } from '@/lib/engine/capabilities';
import { downloadAndChoose, engineChosen, firstRunOffer, type ModelOffer } from '@/lib/engine/first-run';
import { LOCAL_SERVER_PORTS, PROBE_EXTRA_PORTS_KEY, probeLocalServers, type FoundServer } from '@/lib/engine/server-probe';
import type { LoadProgress } from '@/lib/engine/types';
import type { EngineConfig } from '@/lib/messaging/protocol';
import { ServerBackend } from '@/components/models/ServerBackend';
import { LoadProgressBar } from '@/components/models/LoadProgressBar';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ModelStatus } from '@/components/chat/ModelStatus';
import { SummarizeCard } from '@/components/popup/SummarizeCard';
import '@/components/models/models.css';
import './onboarding.css';

type Props = {
  config: EngineConfig;
  save: (patch: Partial<EngineConfig>) => Promise<void>;
  onDone: () => void;
  /** The last step's button (default "Go to Chat"). */
  doneLabel?: string;
};

/** The usual ports, in words, for the consent button's explanation. */
const PORTS_IN_WORDS = LOCAL_SERVER_PORTS.slice(0, 3)
  .map((p) => `${p.label} ${p.port}`)
  .join(', ');

/**
 * The first run: checks the machine, offers the one way that works here first (a model sized for
 * it, or a server found on this machine with the person's consent, or one they enter), and ends
 * with a first summary of the page they are on. Decisions live in lib/engine/first-run.ts.
 */
export function Onboarding(props: Props) {
  if (engineChosen(props.config)) return <FirstSummary onDone={props.onDone} doneLabel={props.doneLabel ?? 'Go to Chat'} />;
  return <ChooseEngine {...props} />;
}

function ChooseEngine({ config, save }: Props) {
  const client = useMemo(() => createEngineClient(), []);
  const [offer, setOffer] = useState<ModelOffer | null>(null);
  const [loading, setLoading] = useState<LoadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [probe, setProbe] = useState<{ looking: boolean; found: FoundServer[] | null }>({ looking: false, found: null });
  const [server, setServer] = useState<Partial<EngineConfig> | null>(null);
  const cancel = useRef<AbortController | null>(null);

  useEffect(() => {
    void probeCapabilities().then((caps) => {
      const nav = navigator as Navigator & { deviceMemory?: number };
      setOffer(firstRunOffer(caps, { cores: nav.hardwareConcurrency, memoryGB: nav.deviceMemory }));
    });
    return () => client.close();
  }, [client]);

  const download = async () => {
    const model = offer;
    if (!model) return;
    setError(null);
    cancel.current = new AbortController();
    const signal = cancel.current.signal;
    setLoading({ fraction: 0, phase: 'download', text: 'Preparing the download…' });
    void navigator.storage?.persist?.().catch(() => undefined);
    try {
      await downloadAndChoose({ backend: config.backend, save, load: (id) => client.load(id, { signal, onProgress: setLoading }) }, model.backend, model.modelId);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(null);
      cancel.current = null;
    }
  };

  // Only on the person's click: the button says what it sends and where.
  const look = async () => {
    setProbe({ looking: true, found: null });
    const stored = (await browser.storage.local.get(PROBE_EXTRA_PORTS_KEY))[PROBE_EXTRA_PORTS_KEY];
    const found = await probeLocalServers({ extraPorts: Array.isArray(stored) ? (stored as number[]) : [] });
    setProbe({ looking: false, found });
  };

  // A server found on this machine needs no download: it leads once found.
  const leadWithServer = (probe.found?.length ?? 0) > 0;
  return (
    <section class="card onboarding models-view" aria-labelledby="onboarding-title" data-testid="onboarding">
      <h2 id="onboarding-title">Set up Gleaner</h2>
      <p>Gleaner answers with a language model that runs on your machine. Choose how; it takes a minute, and nothing you read leaves the machine.</p>

      <section class={`offer${leadWithServer ? '' : ' lead'}`} aria-label="A model for this machine">
        {offer === null ? (
          <p class="muted" aria-busy="true">
            Checking this machine…
          </p>
        ) : (
          <>
            <h3>A model for this machine</h3>
            <p>{offer.reason}</p>
            <div class="row">
              <button type="button" class={leadWithServer ? '' : 'primary'} disabled={loading !== null} onClick={() => void download()}>
                Download {offer.label} ({offer.downloadMB.toLocaleString()} MB)
              </button>
            </div>
            {loading && <LoadProgressBar modelId={offer.label} progress={loading} onCancel={() => cancel.current?.abort()} />}
            {error !== null && <ErrorNotice error={error} onRetry={() => void download()} onDismiss={() => setError(null)} />}
          </>
        )}
      </section>

      <section class={`offer${leadWithServer ? ' lead' : ''}`} aria-label="A server on this machine">
        <h3>Or a server you run</h3>
        <p class="muted">If Ollama, LM Studio or llama.cpp runs on this machine, Gleaner can use it: nothing to download.</p>
        <div class="row">
          <button type="button" disabled={probe.looking} onClick={() => void look()}>
            {probe.looking ? 'Looking…' : 'Look for a server on this machine'}
          </button>
          <button type="button" onClick={() => setServer({})}>
            Enter a server address
          </button>
        </div>
        <p class="muted">Looking asks 127.0.0.1 and localhost on the usual ports ({PORTS_IN_WORDS} and a few more) for their model list; nothing leaves this machine.</p>
        {probe.found && (
          <div role="status" data-testid="probe-result">
            {probe.found.length === 0 ? (
              <p>No server answered on the usual ports. Start one (e.g. `ollama serve`) and look again, or enter its address.</p>
            ) : (
              <ul class="found-servers">
                {probe.found.map((found) => (
                  <li key={found.baseUrl} class="row spread">
                    <span>
                      <strong>{found.label}</strong> at {found.baseUrl.replace(/\/v1$/, '')} —{' '}
                      {found.models.length ? `${found.models.length} model${found.models.length === 1 ? '' : 's'}` : 'no models yet (e.g. `ollama pull llama3.2`)'}
                    </span>
                    <button
                      type="button"
                      class="primary"
                      disabled={!found.models.length}
                      onClick={() => setServer({ serverUrl: found.baseUrl, serverModel: found.models[0]?.id ?? '', serverApiKey: '' })}
                      aria-label={`Use ${found.label} at ${found.baseUrl}`}
                    >
                      Use it
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {/* The one server form (Models uses the same): test as chat will, then use. */}
        {server && <ServerBackend key={server.serverUrl ?? 'typed'} config={{ ...config, serverUrl: '', serverModel: '', ...server }} onSave={save} />}
      </section>
    </section>
  );
}

/** The end of the first run: Gleaner is set up; the first summary of the page the person is on. */
function FirstSummary(props: { onDone: () => void; doneLabel: string }) {
  return (
    <section class="onboarding onboarding-done" aria-labelledby="onboarding-done-title" data-testid="onboarding-done">
      <h2 id="onboarding-done-title">Gleaner is set up</h2>
      <ModelStatus />
      <p>Now the first summary: of the page you are on.</p>
      <SummarizeCard />
      <button type="button" onClick={props.onDone}>
        {props.doneLabel}
      </button>
    </section>
  );
}
